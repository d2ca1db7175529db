import { PlusOutlined } from '@ant-design/icons';
import { IMPACTS, type IncidentTemplate, URGENCIES } from '@trellis/core';
import { Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { useLocale, useT } from '../../../app/i18n';
import { categoryPath, categoryTree, useCategories } from '../../../app/reference';
import { usePageTitle } from '../../../app/usePageTitle';
import { FormModal } from '../../../kit/FormModal';
import { LevelTag } from '../../../kit/tags';
import { type TemplateInput, useTemplateMutations, useTemplates } from '../api';

/** 事件模板: prefilled title, description, category and level for common incidents (service managers, admins). */
export function TemplatesPage() {
  const t = useT();
  const { locale } = useLocale();
  const templates = useTemplates(true);
  const categories = useCategories().data ?? [];
  const { save } = useTemplateMutations();
  const [editing, setEditing] = useState<IncidentTemplate | 'new' | null>(null);
  usePageTitle(t('console.templates.title'));

  return (
    <Card>
      <div className="trellis-page-title">
        <Typography.Title level={4}>{t('console.templates.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('console.templates.new')}
        </Button>
      </div>
      <Table<IncidentTemplate>
        rowKey="id"
        loading={templates.isPending}
        dataSource={templates.data ?? []}
        pagination={false}
        columns={[
          { title: t('console.templates.name'), dataIndex: 'name', width: 180 },
          { title: t('incident.title'), dataIndex: 'title', ellipsis: true },
          {
            title: t('incident.category'),
            dataIndex: 'categoryId',
            width: 180,
            render: (id: string | null) => categoryPath(categories, id, locale) ?? '—',
          },
          { title: t('incident.level'), dataIndex: 'level', width: 90, render: (l: number) => <LevelTag level={l} /> },
          {
            title: t('console.templates.active'),
            dataIndex: 'active',
            width: 90,
            render: (active: boolean, r) => (
              <Switch
                size="small"
                checked={active}
                onChange={(checked) => save.mutate({ id: r.id, body: { active: checked } })}
              />
            ),
          },
          {
            title: '',
            width: 90,
            render: (_: unknown, r) => (
              <Button size="small" onClick={() => setEditing(r)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <FormModal<TemplateInput>
        key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
        open={editing !== null}
        title={editing === 'new' ? t('console.templates.new') : t('common.edit')}
        width={640}
        initialValues={
          editing && editing !== 'new' ? editing : { impact: 3, urgency: 3, active: true, sort: 0, description: '' }
        }
        onClose={() => setEditing(null)}
        onSubmit={(values) =>
          save.mutateAsync(editing && editing !== 'new' ? { id: editing.id, body: values } : { body: values })
        }
      >
        <Form.Item
          name="name"
          label={t('console.templates.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('incident.title')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('incident.description')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={10000} />
        </Form.Item>
        <Form.Item name="categoryId" label={t('incident.category')}>
          <TreeSelect
            allowClear
            treeDefaultExpandAll
            treeData={categoryTree(categories, locale, { activeOnly: true })}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="impact" label={t('incident.impact')}>
            <Select style={{ width: 160 }} options={IMPACTS.map((i) => ({ value: i, label: t(`impact.${i}`) }))} />
          </Form.Item>
          <Form.Item name="urgency" label={t('incident.urgency')}>
            <Select style={{ width: 160 }} options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))} />
          </Form.Item>
          <Form.Item name="sort" label="#">
            <InputNumber min={0} max={10000} />
          </Form.Item>
          <Form.Item name="active" label={t('console.templates.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </FormModal>
    </Card>
  );
}
