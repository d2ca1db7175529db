import { PlusOutlined } from '@ant-design/icons';
import { type Department, ORGANIZATION_KINDS, type Organization } from '@trellis/core';
import { App as AntApp, Button, Form, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n';
import { useDepartments } from '../../app/reference';
import { FormModal } from '../../kit/FormModal';
import { RegisterPage } from '../../kit/RegisterPage';
import { useSave } from '../../kit/useSave';
import { activeColumn, editColumn } from './columns';

type OrgForm = { kind: Organization['kind']; code: string; name: string; active: boolean };
type DeptForm = { name: string; shareRecords: boolean; active: boolean };

/** Organisations (one provider, many customers) with their departments. */
export function OrganizationsPage() {
  const t = useT();
  return (
    <RegisterPage<Organization, OrgForm>
      path="/organizations"
      title={t('admin.organizations')}
      newLabel={t('admin.org.new')}
      testId="organization"
      archivable={false}
      defaults={{ kind: 'customer' }}
      scroll={{ x: 700 }}
      expandable={{ expandedRowRender: (org) => <Departments organization={org} /> }}
      columns={[
        { title: t('admin.org.code'), dataIndex: 'code', width: 140 },
        { title: t('admin.org.name'), dataIndex: 'name' },
        {
          title: t('admin.org.kind'),
          dataIndex: 'kind',
          width: 120,
          render: (kind: Organization['kind']) => (
            <Tag color={kind === 'provider' ? 'blue' : 'default'}>{t(`orgKind.${kind}`)}</Tag>
          ),
        },
        activeColumn(t),
      ]}
      fields={[
        {
          name: 'kind',
          label: t('admin.org.kind'),
          kind: 'select',
          createOnly: true,
          options: ORGANIZATION_KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) })),
        },
        {
          name: 'code',
          label: t('admin.org.code'),
          kind: 'text',
          createOnly: true,
          rules: [{ required: true, pattern: /^[A-Za-z0-9_-]{2,32}$/, message: t('admin.org.codeRule') }],
        },
        { name: 'name', label: t('admin.org.name'), kind: 'text', required: true, maxLength: 200 },
        { name: 'active', label: t('admin.active'), kind: 'switch', editOnly: true },
      ]}
      // Kind and code are fixed once created; the server takes only what may change.
      toBody={(values, item) =>
        item
          ? { name: values.name, active: values.active }
          : { kind: values.kind, code: values.code, name: values.name }
      }
    />
  );
}

function Departments({ organization }: { organization: Organization }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const { data, isPending } = useDepartments(organization.id);
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const save = useSave<Department>(`/organizations/${organization.id}/departments`, [['departments', organization.id]]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Text strong>{t('admin.departments')}</Typography.Text>
        <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('admin.dept.new')}
        </Button>
      </Space>
      <Table<Department>
        size="small"
        rowKey="id"
        loading={isPending}
        dataSource={data ?? []}
        pagination={false}
        columns={[
          { title: t('admin.dept.name'), dataIndex: 'name' },
          {
            title: t('admin.dept.shareRecords'),
            dataIndex: 'shareRecords',
            width: 160,
            render: (v: boolean) => (v ? t('common.yes') : t('common.no')),
          },
          activeColumn(t),
          editColumn<Department>(t, setEditing),
        ]}
      />
      <FormModal<DeptForm>
        key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
        open={editing !== null}
        title={editing === 'new' ? t('admin.dept.new') : t('common.edit')}
        initialValues={editing && editing !== 'new' ? editing : { shareRecords: false, active: true }}
        onClose={() => setEditing(null)}
        onSubmit={async (values) => {
          if (editing === 'new')
            await save.mutateAsync({ body: { name: values.name, shareRecords: values.shareRecords } });
          else if (editing) await save.mutateAsync({ id: editing.id, path: '/departments', body: values });
          void message.success(t('common.saved'));
        }}
      >
        <Form.Item
          name="name"
          label={t('admin.dept.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="shareRecords"
          label={t('admin.dept.shareRecords')}
          valuePropName="checked"
          extra={t('admin.dept.shareHint')}
        >
          <Switch />
        </Form.Item>
        {editing !== 'new' && (
          <Form.Item name="active" label={t('admin.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </FormModal>
    </Space>
  );
}
