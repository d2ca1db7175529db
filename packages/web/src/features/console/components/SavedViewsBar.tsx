import { CloseOutlined, SaveOutlined, TeamOutlined } from '@ant-design/icons';
import {
  CHANNELS,
  INCIDENT_STATES,
  LEVELS,
  QUEUE_COLUMNS,
  type QueueColumn,
  type QueueFilters,
  type SavedView,
} from '@trellis/core';
import {
  App as AntApp,
  Button,
  Checkbox,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useState } from 'react';
import { type TranslationKey, useLocale, useT } from '../../../app/i18n';
import { categoryTree, useCategories, useGroups, useOrganizations } from '../../../app/reference';
import { useCurrentSession } from '../../../app/session';
import { FormModal } from '../../../kit/FormModal';
import { useSavedViews, useViewMutations } from '../api';

const COLUMN_LABEL: Record<QueueColumn, TranslationKey> = {
  number: 'incident.number',
  title: 'incident.title',
  kind: 'console.col.kind',
  level: 'incident.level',
  state: 'incident.state',
  requester: 'incident.requester',
  organization: 'incident.organization',
  group: 'incident.group',
  assignee: 'incident.assignee',
  owner: 'console.col.owner',
  channel: 'console.col.channel',
  category: 'console.col.category',
  createdAt: 'incident.createdAt',
  updatedAt: 'console.col.updatedAt',
};

interface ViewForm {
  name: string;
  groupId?: string;
  state?: string[];
  level?: number[];
  channel?: QueueFilters['channel'];
  groupFilter?: string;
  organizationId?: string;
  categoryId?: string;
  assignee?: string;
  q?: string;
  major?: boolean;
  columns?: QueueColumn[];
}

/** Saved views as a row of tags under the queue tabs, with "save as view". */
export function SavedViewsBar({
  current,
  activeId,
  onSelect,
}: {
  current: QueueFilters;
  activeId: string | undefined;
  onSelect: (id: string | undefined) => void;
}) {
  const t = useT();
  const { message } = AntApp.useApp();
  const views = useSavedViews().data ?? [];
  const { save, remove } = useViewMutations();
  const [open, setOpen] = useState(false);

  return (
    <div style={{ marginBottom: 12 }} data-testid="saved-views">
      <Space wrap size={[4, 8]}>
        <Typography.Text type="secondary">{t('console.views.title')}：</Typography.Text>
        {views.length === 0 && <Typography.Text type="secondary">{t('console.views.none')}</Typography.Text>}
        {views.map((view: SavedView) => (
          <Tag.CheckableTag
            key={view.id}
            checked={view.id === activeId}
            onChange={(checked) => onSelect(checked ? view.id : undefined)}
            data-testid="saved-view"
          >
            {view.groupId && <TeamOutlined style={{ marginRight: 4 }} />}
            {view.name}
            {view.mine && (
              <Popconfirm
                title={t('console.views.deleteConfirm')}
                onConfirm={async () => {
                  await remove.mutateAsync(view.id);
                  if (view.id === activeId) onSelect(undefined);
                }}
              >
                <CloseOutlined
                  style={{ marginLeft: 6, fontSize: 10 }}
                  aria-label={t('console.views.delete')}
                  onClick={(e) => e.stopPropagation()}
                />
              </Popconfirm>
            )}
          </Tag.CheckableTag>
        ))}
        <Button size="small" icon={<SaveOutlined />} onClick={() => setOpen(true)} data-testid="save-view">
          {t('console.views.save')}
        </Button>
      </Space>
      <FormModal<ViewForm>
        open={open}
        title={t('console.views.save')}
        testId="save-view"
        width={640}
        initialValues={{
          state: current.state,
          level: current.level,
          groupFilter: current.groupId,
          assignee: current.assignee,
          q: current.q,
          columns: [],
        }}
        onClose={() => setOpen(false)}
        onSubmit={async (v) => {
          const filters: QueueFilters = {
            state: v.state?.length ? v.state : undefined,
            level: v.level?.length ? v.level : undefined,
            channel: v.channel?.length ? v.channel : undefined,
            groupId: v.groupFilter || undefined,
            organizationId: v.organizationId || undefined,
            categoryId: v.categoryId || undefined,
            assignee: v.assignee || undefined,
            q: v.q?.trim() || undefined,
            major: v.major || undefined,
          };
          const view = await save.mutateAsync({
            body: {
              name: v.name.trim(),
              groupId: v.groupId ?? null,
              filters,
              columns: v.columns ?? [],
              sort: views.length,
            },
          });
          void message.success(t('console.views.saved'));
          onSelect(view.id);
        }}
      >
        <ViewFields />
      </FormModal>
    </div>
  );
}

function ViewFields() {
  const t = useT();
  const { locale } = useLocale();
  const { user } = useCurrentSession();
  const groups = (useGroups().data ?? []).filter((g) => g.active);
  const myGroups = groups.filter((g) => g.members.some((m) => m.id === user.id));
  const organizations = useOrganizations().data ?? [];
  const categories = useCategories().data ?? [];
  return (
    <>
      <Form.Item
        name="name"
        label={t('console.views.name')}
        rules={[{ required: true, whitespace: true, message: t('form.required') }]}
      >
        <Input maxLength={60} data-testid="view-name" />
      </Form.Item>
      <Form.Item name="groupId" label={t('console.views.share')}>
        <Select
          allowClear
          placeholder={t('console.views.personal')}
          options={myGroups.map((g) => ({ value: g.id, label: g.name }))}
        />
      </Form.Item>
      <Typography.Text strong>{t('console.views.filters')}</Typography.Text>
      <Space wrap style={{ width: '100%', marginTop: 8 }}>
        <Form.Item name="state" label={t('console.filter.state')}>
          <Select
            mode="multiple"
            style={{ minWidth: 200 }}
            options={INCIDENT_STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="level" label={t('incident.level')}>
          <Select
            mode="multiple"
            style={{ minWidth: 160 }}
            options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
            data-testid="view-level"
          />
        </Form.Item>
        <Form.Item name="channel" label={t('console.filter.channel')}>
          <Select
            mode="multiple"
            style={{ minWidth: 160 }}
            options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
          />
        </Form.Item>
        <Form.Item name="groupFilter" label={t('incident.group')}>
          <Select
            allowClear
            style={{ minWidth: 160 }}
            options={groups.map((g) => ({ value: g.id, label: g.name }))}
            data-testid="view-group"
          />
        </Form.Item>
        <Form.Item name="assignee" label={t('console.filter.assignee')}>
          <Select
            allowClear
            style={{ minWidth: 120 }}
            options={[
              { value: 'me', label: t('console.filter.assignee.me') },
              { value: 'none', label: t('console.filter.assignee.none') },
            ]}
          />
        </Form.Item>
        <Form.Item name="organizationId" label={t('console.filter.organization')}>
          <Select
            allowClear
            style={{ minWidth: 180 }}
            options={organizations.map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="categoryId" label={t('console.filter.category')}>
          <TreeSelect
            allowClear
            style={{ minWidth: 180 }}
            treeDefaultExpandAll
            treeData={categoryTree(categories, locale)}
          />
        </Form.Item>
        <Form.Item name="q" label={t('console.filter.text')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="major" valuePropName="checked" label=" ">
          <Checkbox>{t('console.filter.major')}</Checkbox>
        </Form.Item>
      </Space>
      <Form.Item name="columns" label={t('console.views.columns')}>
        <Checkbox.Group
          options={QUEUE_COLUMNS.filter((c) => c !== 'kind').map((c) => ({ value: c, label: t(COLUMN_LABEL[c]) }))}
        />
      </Form.Item>
    </>
  );
}
