import { type Channel, type CreateIncident, IMPACTS } from '@trellis/core';
import { App as AntApp, Button, Card, Form, Radio, Select, Space, TreeSelect, Typography } from 'antd';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useFormErrorHandler } from '../../../app/errors';
import { useLocale } from '../../../app/i18n';
import { categoryTree, useCategories } from '../../../app/reference';
import { usePageTitle } from '../../../app/usePageTitle';
import { UserPicker } from '../../../kit/UserPicker';
import { TemplatePicker } from '../../console/components/TemplatePicker';
import { useCreateIncident } from '../api';
import { compact, IncidentFormFields } from '../components/IncidentFormFields';

const CALL_CHANNELS: Channel[] = ['phone', 'walk_in', 'email', 'im'];

/** 代录事件: an agent logs a call (热线) or a walk-in on behalf of a requester. */
export function LogCallPage() {
  const { t, locale } = useLocale();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateIncident>();
  const create = useCreateIncident();
  usePageTitle(t('logCall.title'));
  const handleError = useFormErrorHandler();
  const { data: categories } = useCategories();
  const tree = useMemo(() => categoryTree(categories ?? [], locale, { activeOnly: true }), [categories, locale]);

  const onFinish = (values: CreateIncident) => {
    create.mutate(compact(values), {
      onSuccess: (incident) => {
        void message.success(t('report.created', { number: incident.number }));
        navigate(`/console/incidents/${encodeURIComponent(incident.id)}`);
      },
      onError: (error) => handleError(form, error),
    });
  };

  return (
    <Card style={{ maxWidth: 760 }}>
      <Typography.Title level={4}>{t('logCall.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('logCall.hint')}</Typography.Paragraph>
      <Form<CreateIncident> form={form} layout="vertical" onFinish={onFinish} initialValues={{ channel: 'phone' }}>
        <TemplatePicker />
        <Form.Item
          name="requesterId"
          label={t('incident.requester')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <UserPicker
            filter={{ staff: 'false' }}
            placeholder={t('logCall.pickRequester')}
            data-testid="field-requester"
            onPick={(user) => {
              if (user?.phone && !form.getFieldValue('contact')) form.setFieldValue('contact', user.phone);
            }}
          />
        </Form.Item>
        <Form.Item name="channel" label={t('incident.channel')}>
          <Radio.Group
            optionType="button"
            options={CALL_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
          />
        </Form.Item>
        <IncidentFormFields />
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="impact" label={t('incident.impact')}>
            <Select
              allowClear
              style={{ width: 200 }}
              options={IMPACTS.map((i) => ({ value: i, label: t(`impact.${i}`) }))}
            />
          </Form.Item>
          <Form.Item name="categoryId" label={t('incident.category')}>
            <TreeSelect allowClear showSearch treeNodeFilterProp="title" treeData={tree} style={{ width: 280 }} />
          </Form.Item>
        </Space>
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="report-submit">
            {t('common.submit')}
          </Button>
          <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
