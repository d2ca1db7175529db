import { URGENCIES } from '@trellis/core';
import { Form, Input, Select } from 'antd';
import { useT } from '../../../app/i18n';

/** The fields a person reporting an incident fills in; shared by the portal and the console's 代录. */
export function IncidentFormFields() {
  const t = useT();
  const required = { required: true, whitespace: true, message: t('form.required') };
  return (
    <>
      <Form.Item name="title" label={t('incident.title')} rules={[required]}>
        <Input maxLength={200} showCount placeholder={t('report.titlePlaceholder')} data-testid="field-title" />
      </Form.Item>
      <Form.Item name="description" label={t('incident.description')} rules={[required]}>
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 12 }}
          maxLength={20000}
          placeholder={t('report.descriptionPlaceholder')}
          data-testid="field-description"
        />
      </Form.Item>
      <Form.Item name="affectedScope" label={t('incident.affectedScope')}>
        <Input maxLength={1000} placeholder={t('report.scopePlaceholder')} data-testid="field-scope" />
      </Form.Item>
      <Form.Item name="urgency" label={t('incident.urgency')}>
        <Select
          data-testid="field-urgency"
          options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))}
          placeholder={t('report.urgencyPlaceholder')}
          allowClear
        />
      </Form.Item>
      <Form.Item name="contact" label={t('incident.contact')}>
        <Input maxLength={200} placeholder={t('report.contactPlaceholder')} data-testid="field-contact" />
      </Form.Item>
    </>
  );
}

/** Drops empty optional strings so the server sees only what was filled in. */
export function compact<T extends object>(values: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed) out[key] = trimmed;
    } else out[key] = value;
  }
  return out as T;
}
