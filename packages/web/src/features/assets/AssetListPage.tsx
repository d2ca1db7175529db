import { ASSET_CLASSES, ASSET_STATUSES, type Asset } from '@trellis/core';
import { App as AntApp, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../app/api';
import { useFormErrorHandler } from '../../app/errors';
import { useT } from '../../app/i18n';
import { useOrganizations } from '../../app/reference';
import { usePageTitle } from '../../app/usePageTitle';
import { type AssetFilters, useAssets, useAssetsAbilities, useAssetWrite, useLocations } from './api';
import { AssetStatusTag } from './shared';

interface AssetForm {
  tag: string;
  class: Asset['class'];
  name: string;
  model?: string;
  serialNumber?: string;
  macAddresses?: string;
  licenceKey?: string;
  seats?: number;
  purchaseDate?: Dayjs;
  purchasePrice?: number;
  supplier?: string;
  warrantyUntil?: Dayjs;
  organizationId: string;
  locationId?: string;
}

export function AssetListPage() {
  const t = useT();
  const navigate = useNavigate();
  usePageTitle(t('assets.nav'));
  const [filters, setFilters] = useState<AssetFilters>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const { data, isFetching } = useAssets(filters);
  const { data: abilities } = useAssetsAbilities();
  return (
    <Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder={t('assets.search')}
          allowClear
          onSearch={(q) => setFilters({ ...filters, q })}
          style={{ width: 280 }}
          data-testid="asset-search"
        />
        <Select
          allowClear
          placeholder={t('assets.class')}
          style={{ width: 150 }}
          onChange={(v) => setFilters({ ...filters, class: v })}
          options={ASSET_CLASSES.map((c) => ({ value: c, label: t(`asset.class.${c}`) }))}
        />
        <Select
          allowClear
          placeholder={t('assets.status')}
          style={{ width: 150 }}
          onChange={(v) => setFilters({ ...filters, status: v })}
          options={ASSET_STATUSES.map((s) => ({ value: s, label: t(`asset.status.${s}`) }))}
        />
        {abilities?.manage && (
          <Button type="primary" onClick={() => setOpen(true)} data-testid="asset-new">
            {t('assets.new')}
          </Button>
        )}
        <Button
          disabled={selected.length === 0}
          onClick={() => navigate(`/console/assets/labels?ids=${selected.join(',')}`)}
        >
          {t('assets.labels')}
        </Button>
      </Space>
      <Table<Asset>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.items ?? []}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        pagination={{ pageSize: 50 }}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('assets.tag'),
            dataIndex: 'tag',
            render: (tag: string, a) => <Link to={`/console/assets/${a.id}`}>{tag}</Link>,
          },
          { title: t('assets.class'), dataIndex: 'class', render: (c: Asset['class']) => t(`asset.class.${c}`) },
          { title: t('assets.name'), dataIndex: 'name' },
          { title: t('assets.model'), dataIndex: 'model' },
          {
            title: t('assets.status'),
            dataIndex: 'status',
            render: (s: Asset['status']) => <AssetStatusTag status={s} />,
          },
          { title: t('assets.holder'), render: (_, a) => a.holder?.name ?? '' },
          { title: t('assets.location'), render: (_, a) => a.location?.name ?? '' },
          { title: t('assets.organization'), render: (_, a) => a.organization.name },
        ]}
      />
      {open && <NewAssetModal onClose={() => setOpen(false)} />}
    </Card>
  );
}

function NewAssetModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<AssetForm>();
  const handleError = useFormErrorHandler();
  const { data: orgs } = useOrganizations();
  const { data: locations } = useLocations();
  const create = useAssetWrite((v: AssetForm) =>
    api.post('/assets', {
      ...v,
      macAddresses: v.macAddresses ? v.macAddresses.split(/[\s,;，]+/).filter(Boolean) : undefined,
      purchaseDate: v.purchaseDate?.format('YYYY-MM-DD'),
      warrantyUntil: v.warrantyUntil?.format('YYYY-MM-DD'),
    }),
  );
  const klass = Form.useWatch('class', form);
  return (
    <Modal
      open
      title={t('assets.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      width={640}
    >
      <Form<AssetForm>
        form={form}
        layout="vertical"
        initialValues={{ class: 'equipment' }}
        onFinish={(v) =>
          create.mutate(v, {
            onSuccess: (a) => {
              void message.success(a.tag);
              navigate(`/console/assets/${a.id}`);
            },
            onError: (e) => handleError(form, e),
          })
        }
      >
        <Space wrap>
          <Form.Item name="tag" label={t('assets.tag')} rules={[{ required: true }]}>
            <Input data-testid="asset-tag" />
          </Form.Item>
          <Form.Item name="class" label={t('assets.class')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={ASSET_CLASSES.map((c) => ({ value: c, label: t(`asset.class.${c}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="name" label={t('assets.name')} rules={[{ required: true }]}>
          <Input data-testid="asset-name" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="model" label={t('assets.model')}>
            <Input />
          </Form.Item>
          <Form.Item name="serialNumber" label={t('assets.serial')}>
            <Input />
          </Form.Item>
        </Space>
        <Form.Item name="macAddresses" label={t('assets.mac')} extra={t('assets.macHint')}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="licenceKey" label={t('assets.licenceKey')}>
            <Input />
          </Form.Item>
          {klass === 'software' && (
            <Form.Item name="seats" label={t('assets.seats')}>
              <InputNumber min={0} />
            </Form.Item>
          )}
        </Space>
        <Space wrap>
          <Form.Item name="purchaseDate" label={t('assets.purchaseDate')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="purchasePrice" label={t('assets.purchasePrice')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="supplier" label={t('assets.supplier')}>
            <Input />
          </Form.Item>
          <Form.Item name="warrantyUntil" label={t('assets.warranty')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="organizationId" label={t('assets.organization')} rules={[{ required: true }]}>
            <Select
              style={{ width: 220 }}
              data-testid="asset-org"
              options={(orgs ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
          <Form.Item name="locationId" label={t('assets.location')}>
            <Select
              allowClear
              style={{ width: 220 }}
              options={(locations ?? []).map((l) => ({ value: l.id, label: l.name }))}
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
