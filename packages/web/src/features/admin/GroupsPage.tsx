import { PlusOutlined } from '@ant-design/icons';
import { type SupportGroup, TIERS, type Tier } from '@trellis/core';
import { App as AntApp, Button, Card, Form, Input, Select, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n';
import { useGroups, useOrganizations, useUsers } from '../../app/reference';
import { usePageTitle } from '../../app/usePageTitle';
import { FormModal } from '../../kit/FormModal';
import { useSave } from '../../kit/useSave';
import { activeColumn, editColumn } from './columns';

interface GroupForm {
  name: string;
  tier: Tier;
  description?: string;
  managerId?: string | null;
  memberIds: string[];
  servedOrganizationIds: string[];
  active: boolean;
}

/** Support groups (一线 / 二线 / 三线) with manager, members and the organisations they serve. */
export function GroupsPage() {
  const t = useT();
  const { message } = AntApp.useApp();
  const { data, isPending } = useGroups();
  usePageTitle(t('admin.groups'));
  const { data: organizations } = useOrganizations();
  const orgName = new Map((organizations ?? []).map((o) => [o.id, o.name]));
  const save = useSave<SupportGroup>('/groups', [['groups']]);
  const [editing, setEditing] = useState<SupportGroup | 'new' | null>(null);

  return (
    <Card>
      <div className="trellis-page-title">
        <Typography.Title level={4}>{t('admin.groups')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('admin.group.new')}
        </Button>
      </div>
      <Table<SupportGroup>
        rowKey="id"
        loading={isPending}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('admin.group.name'), dataIndex: 'name', width: 160 },
          {
            title: t('admin.group.tier'),
            dataIndex: 'tier',
            width: 80,
            render: (tier: Tier) => <Tag>{t(`tier.${tier}`)}</Tag>,
          },
          {
            title: t('admin.group.manager'),
            dataIndex: 'managerName',
            width: 110,
            render: (m: string | null) => m ?? '—',
          },
          {
            title: t('admin.group.members'),
            dataIndex: 'members',
            render: (members: SupportGroup['members']) => members.map((m) => m.name).join('、') || '—',
          },
          {
            title: t('admin.group.served'),
            dataIndex: 'servedOrganizationIds',
            render: (ids: string[]) => ids.map((id) => orgName.get(id) ?? id).join('、') || '—',
          },
          activeColumn(t),
          editColumn<SupportGroup>(t, setEditing),
        ]}
      />
      <FormModal<GroupForm>
        open={editing !== null}
        title={editing === 'new' ? t('admin.group.new') : t('common.edit')}
        width={600}
        initialValues={
          editing && editing !== 'new'
            ? { ...editing, description: editing.description ?? undefined }
            : { tier: 1, memberIds: [], servedOrganizationIds: [], active: true }
        }
        onClose={() => setEditing(null)}
        onSubmit={async (values) => {
          const body = {
            name: values.name.trim(),
            tier: values.tier,
            ...(values.description?.trim() ? { description: values.description.trim() } : {}),
            managerId: values.managerId ?? null,
            memberIds: values.memberIds ?? [],
            servedOrganizationIds: values.servedOrganizationIds ?? [],
          };
          if (editing === 'new') await save.mutateAsync({ body });
          else if (editing) await save.mutateAsync({ id: editing.id, body: { ...body, active: values.active } });
          void message.success(t('common.saved'));
        }}
      >
        <GroupFields isNew={editing === 'new'} />
      </FormModal>
    </Card>
  );
}

function GroupFields({ isNew }: { isNew: boolean }) {
  const t = useT();
  const { data: staff } = useUsers({ staff: 'true' });
  const { data: organizations } = useOrganizations();
  const people = (staff ?? []).map((u) => ({ value: u.id, label: `${u.name} · ${t(`role.${u.role}`)}` }));
  return (
    <>
      <Form.Item
        name="name"
        label={t('admin.group.name')}
        rules={[{ required: true, whitespace: true, message: t('form.required') }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="tier" label={t('admin.group.tier')} rules={[{ required: true, message: t('form.required') }]}>
        <Select options={TIERS.map((tier) => ({ value: tier, label: t(`tier.${tier}`) }))} />
      </Form.Item>
      <Form.Item name="description" label={t('admin.group.description')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
      </Form.Item>
      <Form.Item name="managerId" label={t('admin.group.manager')}>
        <Select allowClear showSearch optionFilterProp="label" options={people} />
      </Form.Item>
      <Form.Item name="memberIds" label={t('admin.group.members')}>
        <Select mode="multiple" allowClear showSearch optionFilterProp="label" options={people} />
      </Form.Item>
      <Form.Item name="servedOrganizationIds" label={t('admin.group.served')}>
        <Select
          mode="multiple"
          allowClear
          showSearch
          optionFilterProp="label"
          options={(organizations ?? []).map((o) => ({ value: o.id, label: o.name }))}
        />
      </Form.Item>
      {!isNew && (
        <Form.Item name="active" label={t('admin.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
    </>
  );
}
