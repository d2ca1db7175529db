import { PlusOutlined } from '@ant-design/icons';
import type { Category } from '@trellis/core';
import {
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Space,
  Spin,
  Switch,
  Table,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useLocale } from '../../app/i18n';
import { type CategoryNode, categoryTree, useCategories } from '../../app/reference';
import { usePageTitle } from '../../app/usePageTitle';
import { FormModal } from '../../kit/FormModal';
import { useSave } from '../../kit/useSave';
import { CategoryServiceField, useServiceName } from '../desk/CategoryService';
import { ActiveTag } from './columns';

interface CategoryForm {
  parentId?: string | null;
  nameZh: string;
  nameEn: string;
  sort: number;
  active: boolean;
  serviceId?: string | null;
}

/** Incident categories as a tree; names in both languages. */
export function CategoriesPage() {
  const { t, locale } = useLocale();
  const { message } = AntApp.useApp();
  const { data, isPending } = useCategories();
  usePageTitle(t('admin.categories'));
  const tree = useMemo(() => categoryTree(data ?? [], locale), [data, locale]);
  const save = useSave<Category>('/categories', [['categories']]);
  const [editing, setEditing] = useState<Category | { parentId: string | null } | null>(null);
  const isNew = editing !== null && !('id' in editing);
  const serviceName = useServiceName();

  return (
    <Card>
      <div className="trellis-page-title">
        <Typography.Title level={4}>{t('admin.categories')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ parentId: null })}>
          {t('admin.category.new')}
        </Button>
      </div>
      {isPending ? (
        <Spin />
      ) : tree.length > 0 ? (
        // Mounted once the data is there, so that every branch starts expanded.
        <Table<CategoryNode>
          rowKey="key"
          dataSource={tree}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
          scroll={{ x: 700 }}
          columns={[
            { title: t('admin.category.nameZh'), key: 'zh', render: (_, n) => n.category.nameZh },
            { title: t('admin.category.nameEn'), key: 'en', render: (_, n) => n.category.nameEn },
            { title: t('desk.category.service'), key: 'service', render: (_, n) => serviceName(n.category.serviceId) },
            { title: t('admin.category.sort'), key: 'sort', width: 80, render: (_, n) => n.category.sort },
            {
              title: t('admin.active'),
              key: 'active',
              width: 90,
              render: (_, n) => <ActiveTag active={n.category.active} />,
            },
            {
              title: '',
              key: 'edit',
              width: 180,
              render: (_, n) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(n.category)}>
                    {t('common.edit')}
                  </Button>
                  <Button size="small" onClick={() => setEditing({ parentId: n.category.id })}>
                    {t('admin.category.addChild')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
      )}
      <FormModal<CategoryForm>
        key={editing && 'id' in editing ? editing.id : `new-${editing?.parentId ?? 'root'}`}
        open={editing !== null}
        title={isNew ? t('admin.category.new') : t('common.edit')}
        initialValues={editing ? { sort: 0, active: true, ...editing } : undefined}
        onClose={() => setEditing(null)}
        onSubmit={async (values) => {
          const body = {
            parentId: values.parentId ?? null,
            nameZh: values.nameZh.trim(),
            nameEn: values.nameEn.trim(),
            sort: values.sort ?? 0,
            serviceId: values.serviceId ?? null,
          };
          if (editing && 'id' in editing)
            await save.mutateAsync({ id: editing.id, body: { ...body, active: values.active } });
          else await save.mutateAsync({ body });
          void message.success(t('common.saved'));
        }}
      >
        <Form.Item name="parentId" label={t('admin.category.parent')}>
          <TreeSelect allowClear treeData={tree} treeDefaultExpandAll placeholder={t('admin.category.root')} />
        </Form.Item>
        <Form.Item
          name="nameZh"
          label={t('admin.category.nameZh')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('admin.category.nameEn')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <CategoryServiceField />
        <Form.Item name="sort" label={t('admin.category.sort')}>
          <InputNumber min={0} max={100000} />
        </Form.Item>
        {!isNew && (
          <Form.Item name="active" label={t('admin.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </FormModal>
    </Card>
  );
}
