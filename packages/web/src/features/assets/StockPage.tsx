import type { CatalogItem, StockItem } from '@trellis/core';
import { Button, Card, Form, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api';
import { useReportError } from '../../app/errors';
import { useLocale, useT } from '../../app/i18n';
import { RegisterPage } from '../../kit/RegisterPage';
import { SourceSelect } from '../../kit/SourceSelect';
import { useAssetsAbilities, useLocations, useStockWrite } from './api';

type Level = StockItem['levels'][number];
type StockForm = { code: string; name: string; kind: 'part' | 'consumable'; unit: string; restockItemId?: string };

/** Spares and consumables per location; falling to the threshold raises a restock request. */
export function StockPage() {
  const t = useT();
  const report = useReportError();
  const { data: abilities } = useAssetsAbilities();
  const { data: locations } = useLocations();
  const { locale } = useLocale();
  /** The catalogue items a stock item's restock requests may be raised on (the catalogue's own list). */
  const restockSource = {
    path: '/catalog/items',
    label: (i: CatalogItem) => (locale === 'zh-CN' ? i.nameZh : i.nameEn),
  };
  const [moving, setMoving] = useState<{ item: StockItem; mode: 'issue' | 'restock' | 'level' } | null>(null);
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
  const manage = abilities?.manage === true;
  return (
    <Card>
      <RegisterPage<StockItem, StockForm>
        path="/stock"
        title={t('assets.tab.stock')}
        embedded
        testId="stock"
        newLabel={t('assets.stock.new')}
        canCreate={manage}
        canEdit={() => manage}
        archivable={false}
        defaults={{ kind: 'consumable' }}
        toForm={(i) => ({ ...i, restockItemId: i.restockItem?.id })}
        toBody={(v, item) => ({
          ...(item ? {} : { code: v.code.trim() }),
          name: v.name.trim(),
          kind: v.kind,
          unit: v.unit.trim(),
          restockItemId: v.restockItemId ?? undefined,
        })}
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
        ]}
        rowActions={(item) =>
          manage && (
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
          )
        }
        fields={[
          {
            name: 'code',
            label: t('assets.stock.code'),
            kind: 'text',
            required: true,
            maxLength: 40,
            createOnly: true,
            rules: [{ pattern: /^[A-Za-z0-9_.-]{1,40}$/ }],
          },
          { name: 'name', label: t('assets.name'), kind: 'text', required: true, maxLength: 200 },
          {
            name: 'kind',
            label: t('assets.stock.kind'),
            kind: 'select',
            options: (['part', 'consumable'] as const).map((k) => ({ value: k, label: t(`assets.stock.kind.${k}`) })),
          },
          { name: 'unit', label: t('assets.stock.unit'), kind: 'text', required: true, maxLength: 20 },
          {
            name: 'restockItemId',
            label: t('assets.stock.restockItem'),
            extra: t('assets.stock.restockItemHint'),
            kind: 'select',
            source: restockSource,
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
                <SourceSelect source={restockSource} />
              </Form.Item>
            )}
          </Form>
        </Modal>
      )}
    </Card>
  );
}
