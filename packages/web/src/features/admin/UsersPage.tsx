import { PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { LOCALES, type Locale, PASSWORD_MIN_LENGTH, ROLES, type Role, type User } from '@trellis/core';
import { App as AntApp, Button, Card, Form, Input, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useReportError } from '../../app/errors';
import { LOCALE_NAMES, useT } from '../../app/i18n';
import { useDepartments, useOrganizations, useUsers } from '../../app/reference';
import { usePageTitle } from '../../app/usePageTitle';
import { FormModal } from '../../kit/FormModal';
import { UserPicker } from '../../kit/UserPicker';
import { useSave } from '../../kit/useSave';
import { ChangeCapabilitiesButton } from '../changes/ChangeCapabilities';
import { activeColumn, editColumn } from './columns';

interface UserForm {
  email: string;
  name: string;
  phone?: string;
  role: Role;
  organizationId: string;
  departmentId?: string | null;
  managerId?: string | null;
  locale: Locale;
  active: boolean;
  password?: string;
}

export function UsersPage() {
  const t = useT();
  const { message, modal } = AntApp.useApp();
  const [q, setQ] = useState('');
  usePageTitle(t('admin.users'));
  const [role, setRole] = useState<Role | undefined>();
  const [organizationId, setOrganizationId] = useState<string | undefined>();
  const { data, isFetching } = useUsers({
    ...(q ? { q } : {}),
    ...(role ? { role } : {}),
    ...(organizationId ? { organizationId } : {}),
  });
  const { data: organizations } = useOrganizations();
  const save = useSave<User>('/users', [['users']]);
  const reportError = useReportError();
  // Someone else's failed attempts can lock a person's address; the admin lifts every such lock.
  const unlock = (user: User) =>
    modal.confirm({
      title: t('admin.user.unlockTitle', { name: user.name }),
      content: t('admin.user.unlockHint'),
      okText: t('admin.user.unlock'),
      onOk: async () => {
        try {
          await save.mutateAsync({ path: `/users/${encodeURIComponent(user.id)}/unlock` });
          void message.success(t('admin.user.unlocked', { name: user.name }));
        } catch (error) {
          reportError(error);
        }
      },
    });
  const [editing, setEditing] = useState<User | 'new' | null>(null);

  return (
    <Card>
      <div className="trellis-page-title">
        <Typography.Title level={4}>{t('admin.users')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('admin.user.new')}
        </Button>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('admin.user.search')}
          onSearch={(v) => setQ(v.trim())}
          style={{ width: 240 }}
        />
        <Select<Role>
          allowClear
          placeholder={t('admin.user.role')}
          value={role}
          onChange={setRole}
          style={{ width: 160 }}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <Select<string>
          allowClear
          placeholder={t('incident.organization')}
          value={organizationId}
          onChange={setOrganizationId}
          style={{ width: 200 }}
          options={(organizations ?? []).map((o) => ({ value: o.id, label: o.name }))}
        />
      </Space>
      <Table<User>
        rowKey="id"
        loading={isFetching}
        dataSource={data ?? []}
        scroll={{ x: 1000 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.user.name'), dataIndex: 'name', width: 120 },
          { title: t('admin.user.email'), dataIndex: 'email', width: 220 },
          { title: t('admin.user.role'), dataIndex: 'role', width: 120, render: (r: Role) => t(`role.${r}`) },
          { title: t('incident.organization'), dataIndex: 'organizationName', width: 160 },
          {
            title: t('admin.user.department'),
            dataIndex: 'departmentName',
            width: 140,
            render: (d: string | null) => d ?? '—',
          },
          { title: t('admin.user.phone'), dataIndex: 'phone', width: 130, render: (p: string | null) => p ?? '—' },
          activeColumn(t),
          {
            title: '',
            key: 'unlock',
            width: 130,
            render: (_, user) => (
              <Button size="small" icon={<UnlockOutlined />} onClick={() => unlock(user)} data-testid="user-unlock">
                {t('admin.user.unlock')}
              </Button>
            ),
          },
          {
            title: '',
            key: 'changeCaps',
            width: 110,
            render: (_, user) => <ChangeCapabilitiesButton user={user} />,
          },
          editColumn<User>(t, setEditing),
        ]}
      />
      <FormModal<UserForm>
        key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
        open={editing !== null}
        title={editing === 'new' ? t('admin.user.new') : t('common.edit')}
        width={560}
        initialValues={
          editing && editing !== 'new'
            ? {
                ...editing,
                phone: editing.phone ?? undefined,
                departmentId: editing.departmentId ?? undefined,
                managerId: editing.manager?.id ?? undefined,
              }
            : { role: 'requester', locale: 'zh-CN', active: true }
        }
        onClose={() => setEditing(null)}
        onSubmit={async (values) => {
          const phone = values.phone?.trim() || undefined;
          if (editing === 'new') {
            await save.mutateAsync({
              body: {
                email: values.email.trim(),
                name: values.name.trim(),
                ...(phone ? { phone } : {}),
                role: values.role,
                organizationId: values.organizationId,
                departmentId: values.departmentId ?? null,
                managerId: values.managerId ?? null,
                locale: values.locale,
                password: values.password,
              },
            });
          } else if (editing) {
            // Both cut the person off everywhere; the admin should know integrations stop too.
            const resetting = Boolean(values.password);
            const deactivating = editing.active && values.active === false;
            if (resetting || deactivating) {
              const confirmed = await modal.confirm({
                title: resetting ? t('admin.user.confirmReset') : t('admin.user.confirmDeactivate'),
                content: t('admin.user.cutOffWarning', { name: editing.name }),
                okText: t('admin.user.confirmOk'),
                okButtonProps: { danger: true },
              });
              if (!confirmed) return;
            }
            await save.mutateAsync({
              id: editing.id,
              body: {
                name: values.name.trim(),
                phone: phone ?? null,
                role: values.role,
                departmentId: values.departmentId ?? null,
                managerId: values.managerId ?? null,
                active: values.active,
                ...(values.password ? { password: values.password } : {}),
              },
            });
          }
          void message.success(t('common.saved'));
        }}
      >
        <UserFields isNew={editing === 'new'} />
      </FormModal>
    </Card>
  );
}

function UserFields({ isNew }: { isNew: boolean }) {
  const t = useT();
  const form = Form.useFormInstance<UserForm>();
  const organizationId = Form.useWatch('organizationId', form);
  const { data: organizations } = useOrganizations();
  const { data: departments } = useDepartments(organizationId);
  const required = { required: true, whitespace: true, message: t('form.required') };
  return (
    <>
      <Form.Item
        name="email"
        label={t('admin.user.email')}
        rules={[{ ...required, type: 'email', message: t('admin.user.emailRule') }]}
      >
        <Input disabled={!isNew} autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label={t('admin.user.name')} rules={[required]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="phone" label={t('admin.user.phone')}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="role" label={t('admin.user.role')} rules={[{ required: true, message: t('form.required') }]}>
        <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      </Form.Item>
      <Form.Item
        name="organizationId"
        label={t('incident.organization')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Select
          disabled={!isNew}
          showSearch
          optionFilterProp="label"
          options={(organizations ?? []).map((o) => ({ value: o.id, label: o.name }))}
          onChange={() => form.setFieldValue('departmentId', undefined)}
        />
      </Form.Item>
      <Form.Item name="departmentId" label={t('admin.user.department')}>
        <Select
          allowClear
          options={(departments ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: d.name }))}
        />
      </Form.Item>
      <Form.Item name="managerId" label={t('request.manager')}>
        <UserPicker allowClear filter={organizationId ? { organizationId } : {}} />
      </Form.Item>
      {isNew && (
        <Form.Item name="locale" label={t('header.language')}>
          <Select options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} />
        </Form.Item>
      )}
      {!isNew && (
        <Form.Item name="active" label={t('admin.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
      <Form.Item
        name="password"
        label={isNew ? t('admin.user.password') : t('admin.user.resetPassword')}
        extra={isNew ? undefined : t('admin.user.resetPasswordHint')}
        rules={[
          {
            required: isNew,
            min: PASSWORD_MIN_LENGTH,
            message: t('admin.user.passwordRule', { min: PASSWORD_MIN_LENGTH }),
          },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
