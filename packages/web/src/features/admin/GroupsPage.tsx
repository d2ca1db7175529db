import { type SupportGroup, TIERS, type Tier } from '@trellis/core';
import { Tag } from 'antd';
import { useT } from '../../app/i18n';
import { useOrganizations } from '../../app/reference';
import { RegisterPage } from '../../kit/RegisterPage';
import { activeColumn } from './columns';

interface GroupForm {
  name: string;
  tier: Tier;
  description?: string;
  managerId?: string | null;
  memberIds: string[];
  servedOrganizationIds: string[];
  active: boolean;
}

const staff = { path: '/users', params: { staff: 'true' } };

/** Support groups (一线 / 二线 / 三线) with manager, members and the organisations they serve. */
export function GroupsPage() {
  const t = useT();
  const { data: organizations } = useOrganizations();
  const orgName = new Map((organizations ?? []).map((o) => [o.id, o.name]));
  const person = (u: { name: string; role: string }) => `${u.name} · ${t(`role.${u.role}` as 'role.agent')}`;
  return (
    <RegisterPage<SupportGroup, GroupForm>
      path="/groups"
      title={t('admin.groups')}
      newLabel={t('admin.group.new')}
      testId="group"
      archivable={false}
      formWidth={600}
      scroll={{ x: 1000 }}
      defaults={{ tier: 1, memberIds: [], servedOrganizationIds: [] }}
      toForm={(group) => ({ ...group, description: group.description ?? undefined })}
      toBody={(values, item) => ({
        name: values.name.trim(),
        tier: values.tier,
        ...(values.description?.trim() ? { description: values.description.trim() } : {}),
        managerId: values.managerId ?? null,
        memberIds: values.memberIds ?? [],
        servedOrganizationIds: values.servedOrganizationIds ?? [],
        ...(item ? { active: values.active } : {}),
      })}
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
      ]}
      fields={[
        { name: 'name', label: t('admin.group.name'), kind: 'text', required: true, maxLength: 100 },
        {
          name: 'tier',
          label: t('admin.group.tier'),
          kind: 'select',
          required: true,
          options: TIERS.map((tier) => ({ value: tier, label: t(`tier.${tier}`) })),
        },
        { name: 'description', label: t('admin.group.description'), kind: 'textarea', maxLength: 1000 },
        {
          name: 'managerId',
          label: t('admin.group.manager'),
          kind: 'select',
          allowClear: true,
          source: { ...staff, label: person },
        },
        {
          name: 'memberIds',
          label: t('admin.group.members'),
          kind: 'select',
          mode: 'multiple',
          allowClear: true,
          source: { ...staff, label: person },
        },
        {
          name: 'servedOrganizationIds',
          label: t('admin.group.served'),
          kind: 'select',
          mode: 'multiple',
          allowClear: true,
          source: { path: '/organizations' },
        },
        { name: 'active', label: t('admin.active'), kind: 'switch', editOnly: true },
      ]}
    />
  );
}
