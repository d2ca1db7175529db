import { CI_STATES, type Ci, type CiAttributeDef } from '@trellis/core';
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../app/api';
import { useFormErrorHandler } from '../../app/errors';
import { useLocale, useT } from '../../app/i18n';
import { useOrganizations } from '../../app/reference';
import { usePageTitle } from '../../app/usePageTitle';
import { useLocations } from '../assets/api';
import { PersonSelect } from '../assets/shared';
import { useCiClasses, useCis, useCmdbWrite } from './api';

export function CiStateTag({ state }: { state: Ci['state'] }) {
  const t = useT();
  const colour = {
    ordered: 'default',
    received: 'cyan',
    testing: 'purple',
    in_use: 'green',
    changing: 'orange',
    removed: 'red',
    cancelled: 'default',
  }[state];
  return <Tag color={colour}>{t(`cmdb.state.${state}`)}</Tag>;
}

export function AttributeInput({ def }: { def: CiAttributeDef }) {
  switch (def.type) {
    case 'number':
      return <InputNumber style={{ width: '100%' }} />;
    case 'boolean':
      return <Switch />;
    case 'enum':
      return <Select allowClear options={(def.options ?? []).map((o) => ({ value: o, label: o }))} />;
    case 'date':
      return <DatePicker />;
    default:
      return <Input />;
  }
}

export function CiListPage({ manage }: { manage: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  usePageTitle(t('cmdb.nav'));
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const { data, isFetching } = useCis(filters);
  const { data: classes } = useCiClasses();
  const [open, setOpen] = useState(false);
  return (
    <Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder={t('cmdb.search')}
          allowClear
          onSearch={(q) => setFilters({ ...filters, q })}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          placeholder={t('cmdb.class')}
          style={{ width: 160 }}
          onChange={(v) => setFilters({ ...filters, classId: v })}
          options={(classes ?? []).map((c) => ({ value: c.id, label: locale === 'zh-CN' ? c.nameZh : c.nameEn }))}
        />
        <Select
          allowClear
          placeholder={t('cmdb.state')}
          style={{ width: 120 }}
          onChange={(v) => setFilters({ ...filters, state: v })}
          options={CI_STATES.map((s) => ({ value: s, label: t(`cmdb.state.${s}`) }))}
        />
        <Select
          allowClear
          placeholder={t('cmdb.unauthorized')}
          style={{ width: 150 }}
          onChange={(v) => setFilters({ ...filters, unauthorized: v })}
          options={[{ value: 'true', label: t('cmdb.unauthorized') }]}
        />
        {manage && (
          <Button type="primary" onClick={() => setOpen(true)}>
            {t('cmdb.new')}
          </Button>
        )}
      </Space>
      <Table<Ci>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50 }}
        scroll={{ x: 800 }}
        columns={[
          {
            title: t('cmdb.code'),
            dataIndex: 'code',
            render: (code: string, c) => <Link to={`/console/cmdb/cis/${c.id}`}>{code}</Link>,
          },
          { title: t('cmdb.name'), dataIndex: 'name' },
          { title: t('cmdb.class'), render: (_, c) => (locale === 'zh-CN' ? c.class.nameZh : c.class.nameEn) },
          { title: t('cmdb.state'), render: (_, c) => <CiStateTag state={c.state} /> },
          { title: t('cmdb.organization'), render: (_, c) => c.organization.name },
          { title: t('cmdb.location'), render: (_, c) => c.location?.name ?? '' },
          { title: t('cmdb.version'), dataIndex: 'version' },
          { title: '', render: (_, c) => c.unauthorized && <Tag color="red">{t('cmdb.unauthorized')}</Tag> },
        ]}
      />
      {open && <NewCiModal onClose={() => setOpen(false)} />}
    </Card>
  );
}

function NewCiModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const handleError = useFormErrorHandler();
  const { data: classes } = useCiClasses();
  const { data: orgs } = useOrganizations();
  const { data: locations } = useLocations();
  const classId = Form.useWatch('classId', form);
  const klass = classes?.find((c) => c.id === classId);
  const create = useCmdbWrite((v: Record<string, unknown>) => api.post<{ id: string }>('/cmdb/cis', v));
  return (
    <Modal
      open
      title={t('cmdb.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ state: 'ordered' }}
        onFinish={({ attributes = {}, ...v }) => {
          const attrs = Object.fromEntries(
            Object.entries(attributes as Record<string, unknown>)
              .filter(([, x]) => x !== undefined && x !== null && x !== '')
              .map(([k, x]) => [
                k,
                typeof x === 'object' && x && 'format' in x
                  ? (x as { format: (f: string) => string }).format('YYYY-MM-DD')
                  : x,
              ]),
          );
          create.mutate(
            { ...v, attributes: attrs },
            { onSuccess: (ci) => navigate(`/console/cmdb/cis/${ci.id}`), onError: (e) => handleError(form, e) },
          );
        }}
      >
        <Form.Item name="classId" label={t('cmdb.class')} rules={[{ required: true }]}>
          <Select
            options={(classes ?? [])
              .filter((c) => c.active)
              .map((c) => ({ value: c.id, label: locale === 'zh-CN' ? c.nameZh : c.nameEn }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('cmdb.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="organizationId" label={t('cmdb.organization')} rules={[{ required: true }]}>
            <Select style={{ width: 200 }} options={(orgs ?? []).map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Form.Item name="state" label={t('cmdb.state')}>
            <Select
              style={{ width: 120 }}
              options={CI_STATES.map((s) => ({ value: s, label: t(`cmdb.state.${s}`) }))}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="ownerId" label={t('cmdb.owner')}>
            <div style={{ width: 240 }}>
              <PersonSelect onChange={(v) => form.setFieldValue('ownerId', v)} />
            </div>
          </Form.Item>
          <Form.Item name="locationId" label={t('cmdb.location')}>
            <Select
              allowClear
              style={{ width: 200 }}
              options={(locations ?? []).map((l) => ({ value: l.id, label: l.name }))}
            />
          </Form.Item>
        </Space>
        {klass?.attributes.map((def) => (
          <Form.Item
            key={def.key}
            name={['attributes', def.key]}
            label={locale === 'zh-CN' ? def.nameZh : def.nameEn}
            rules={def.required ? [{ required: true }] : []}
            valuePropName={def.type === 'boolean' ? 'checked' : 'value'}
          >
            <AttributeInput def={def} />
          </Form.Item>
        ))}
        <Form.Item name="changeRef" label={t('cmdb.changeRef')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
