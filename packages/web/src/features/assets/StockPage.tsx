import type { StockItem } from '@trellis/core';
import { Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api';
import { useReportError } from '../../app/errors';
import { useLocale, useT } from '../../app/i18n';
import { useAssetsAbilities, useLocations, useRestockItems, useStock, useStockWrite } from './api';

type Level = StockItem['levels'][number];

/** Spares and consumables per location; falling to the threshold raises a restock request. */
export function StockPage() {
  const t = useT();
  const report = useReportError();
  const { data, isFetching } = useStock();
  const { data: abilities } = useAssetsAbilities();
  const { data: locations } = useLocations();
  const { locale } = useLocale();
  const { data: catalogItems } = useRestockItems();
  const restockOptions = (catalogItems ?? []).map((i) => ({
    value: i.id,
    label: locale === 'zh-CN' ? i.nameZh : i.nameEn,
  }));
  const [creating, setCreating] = useState(false);
  const [moving, setMoving] = useState<{ item: StockItem; mode: 'issue' | 'restock' | 'level' } | null>(null);
  const create = useStockWrite((v: Record<string, string>) => api.post<StockItem[]>('/stock', v));
  const move = useStockWrite(
    ({
      item,
      mode,
      restockItemId,
      ...v
    }: {
      item: StockItem;
      mode: string;
      locationId: string;
      quantity: number;
      restockItemId?: string;
    }) =>
      mode === 'level'
        ? api.post<StockItem[]>(`/stock/${item.id}/reorder-level`, {
            locationId: v.locationId,
            reorderLevel: v.quantity,
            restockItemId,
          })
        : api.post<StockItem[]>(`/stock/${item.id}/movements`, { kind: mode, ...v }),
  );
  const [form] = Form.useForm();
  const [itemForm] = Form.useForm();
  return (
    <Card>
      {abilities?.manage && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setCreating(true)}>
          {t('assets.stock.new')}
        </Button>
      )}
      <Table<StockItem>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data ?? []}
        pagination={false}
        expandable={{
          defaultExpandAllRows: true,
          expandedRowRender: (item) => (
            <Table<Level>
              rowKey={(l) => l.location.id}
              size="small"
              pagination={false}
              dataSource={item.levels}
              columns={[
                { title: t('assets.location'), render: (_, l) => l.location.name },
                {
                  title: t('assets.stock.quantity'),
                  render: (_, l) => (
                    <span>
                      {l.quantity} {item.unit} {l.low && <Tag color="red">{t('assets.stock.low')}</Tag>}
                    </span>
                  ),
                },
                { title: t('assets.stock.reorderLevel'), dataIndex: 'reorderLevel' },
                { title: t('assets.stock.alert'), render: (_, l) => l.alertRecord?.number ?? '' },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('assets.stock.code'), dataIndex: 'code' },
          { title: t('assets.name'), dataIndex: 'name' },
          { title: t('assets.stock.kind'), render: (_, i) => t(`assets.stock.kind.${i.kind}`) },
          { title: t('assets.stock.restockItem'), render: (_, i) => i.restockItem?.name ?? '' },
          {
            title: t('assets.stock.quantity'),
            render: (_, i) => `${i.levels.reduce((n, l) => n + l.quantity, 0)} ${i.unit}`,
          },
          {
            title: '',
            render: (_, item) =>
              abilities?.manage && (
                <Space size={4}>
                  <Button size="small" onClick={() => setMoving({ item, mode: 'issue' })}>
                    {t('assets.stock.issue')}
                  </Button>
                  <Button size="small" onClick={() => setMoving({ item, mode: 'restock' })}>
                    {t('assets.stock.restock')}
                  </Button>
                  <Button size="small" onClick={() => setMoving({ item, mode: 'level' })}>
                    {t('assets.stock.setLevel')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {moving && (
        <Modal
          open
          title={`${moving.item.name} · ${moving.mode === 'level' ? t('assets.stock.setLevel') : t(`assets.stock.${moving.mode}`)}`}
          onCancel={() => setMoving(null)}
          onOk={() => form.submit()}
          destroyOnHidden
        >
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) =>
              move.mutate(
                { item: moving.item, mode: moving.mode, ...v },
                { onSuccess: () => setMoving(null), onError: report },
              )
            }
          >
            <Form.Item name="locationId" label={t('assets.location')} rules={[{ required: true }]}>
              <Select options={(locations ?? []).map((l) => ({ value: l.id, label: l.name }))} />
            </Form.Item>
            <Form.Item
              name="quantity"
              label={moving.mode === 'level' ? t('assets.stock.reorderLevel') : t('assets.stock.quantity')}
              rules={[{ required: true }]}
            >
              <InputNumber min={moving.mode === 'level' ? 0 : 1} />
            </Form.Item>
            {moving.mode === 'level' && (
              <Form.Item
                name="restockItemId"
                label={t('assets.stock.restockItem')}
                extra={t('assets.stock.restockItemHint')}
                initialValue={moving.item.restockItem?.id}
              >
                <Select options={restockOptions} />
              </Form.Item>
            )}
          </Form>
        </Modal>
      )}
      {creating && (
        <Modal open title={t('assets.stock.new')} onCancel={() => setCreating(false)} onOk={() => itemForm.submit()}>
          <Form
            form={itemForm}
            layout="vertical"
            initialValues={{ kind: 'consumable' }}
            onFinish={(v) => create.mutate(v, { onSuccess: () => setCreating(false), onError: report })}
          >
            <Form.Item name="code" label={t('assets.stock.code')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="name" label={t('assets.name')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="kind" label={t('assets.stock.kind')}>
              <Select
                options={['part', 'consumable'].map((k) => ({
                  value: k,
                  label: t(`assets.stock.kind.${k as 'part'}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="unit" label={t('assets.stock.unit')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item
              name="restockItemId"
              label={t('assets.stock.restockItem')}
              extra={t('assets.stock.restockItemHint')}
            >
              <Select allowClear options={restockOptions} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Card>
  );
}
