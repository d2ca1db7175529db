import type { AssetDetail, AssetOperation, AssetOperationRow } from '@trellis/core';
import {
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../app/api';
import { useReportError } from '../../app/errors';
import { useT } from '../../app/i18n';
import { useOrganizations } from '../../app/reference';
import { FullPageSpin } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { useAsset, useAssetWrite, useLocations } from './api';
import { AssetStatusTag, PersonSelect } from './shared';

/** One asset: what is registered, what can be done now, and every operation with its sign-off. */
export function AssetPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { data: asset, isPending, error } = useAsset(id);
  usePageTitle(asset?.tag);
  const report = useReportError();
  const [operation, setOperation] = useState<AssetOperation | null>(null);
  const decide = useAssetWrite((approve: boolean) => api.post<AssetDetail>(`/assets/${id}/disposal`, { approve }));
  const sign = useAssetWrite((opId: string) => api.post<AssetDetail>(`/assets/${id}/operations/${opId}/sign-off`));
  if (isPending) return <FullPageSpin />;
  if (error || !asset) return <Result status="404" title={error?.message} />;
  const unsigned = asset.operations.find((o) => o.type === 'issue' && o.state === 'done' && !o.signedBy);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="asset-title">
              {asset.tag} · {asset.name}
            </Typography.Title>
            <AssetStatusTag status={asset.status} />
          </Space>
          <Space wrap>
            {asset.abilities.operations.map((op) => (
              <Button
                key={op}
                onClick={() => setOperation(op)}
                data-testid={`asset-op-${op}`}
                danger={op === 'dispose'}
              >
                {t(`asset.op.${op}`)}
              </Button>
            ))}
            {asset.abilities.approveDisposal && (
              <>
                <Button
                  type="primary"
                  danger
                  onClick={() => decide.mutate(true, { onError: report })}
                  data-testid="asset-approve"
                >
                  {t('assets.approve')}
                </Button>
                <Button onClick={() => decide.mutate(false, { onError: report })}>{t('assets.reject')}</Button>
              </>
            )}
            {asset.abilities.signOff && unsigned && (
              <Button onClick={() => sign.mutate(unsigned.id, { onError: report })}>{t('assets.signOff')}</Button>
            )}
            <Link to={`/console/assets/labels?ids=${asset.id}`}>
              <Button>{t('assets.labels')}</Button>
            </Link>
          </Space>
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('assets.class')}>{t(`asset.class.${asset.class}`)}</Descriptions.Item>
              <Descriptions.Item label={t('assets.model')}>{asset.model}</Descriptions.Item>
              <Descriptions.Item label={t('assets.serial')}>{asset.serialNumber}</Descriptions.Item>
              <Descriptions.Item label={t('assets.mac')}>{asset.macAddresses.join(', ')}</Descriptions.Item>
              <Descriptions.Item label={t('assets.licenceKey')}>{asset.licenceKey}</Descriptions.Item>
              {asset.class === 'software' && (
                <Descriptions.Item label={t('assets.seats')}>{asset.seats}</Descriptions.Item>
              )}
              <Descriptions.Item label={t('assets.purchaseDate')}>{asset.purchaseDate}</Descriptions.Item>
              <Descriptions.Item label={t('assets.purchasePrice')}>{asset.purchasePrice ?? ''}</Descriptions.Item>
              <Descriptions.Item label={t('assets.supplier')}>{asset.supplier}</Descriptions.Item>
              <Descriptions.Item label={t('assets.warranty')}>{asset.warrantyUntil}</Descriptions.Item>
              <Descriptions.Item label={t('assets.organization')}>{asset.organization.name}</Descriptions.Item>
              <Descriptions.Item label={t('assets.location')}>{asset.location?.name}</Descriptions.Item>
              <Descriptions.Item label={t('assets.holder')}>
                <span data-testid="asset-holder">{asset.holder?.name ?? ''}</span>
              </Descriptions.Item>
              {asset.ciId && (
                <Descriptions.Item label="CI">
                  <Link to={`/console/cmdb/cis/${asset.ciId}`}>CMDB</Link>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          {asset.class === 'software' && <LicencePanel asset={asset} />}
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('assets.operations')}>
            <OperationTable rows={asset.operations} />
          </Card>
        </Col>
      </Row>
      {operation && <OperationModal asset={asset} operation={operation} onClose={() => setOperation(null)} />}
    </Space>
  );
}

function OperationTable({ rows }: { rows: AssetOperationRow[] }) {
  const t = useT();
  return (
    <Table<AssetOperationRow>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="asset-operations"
      scroll={{ x: 700 }}
      columns={[
        { title: t('cmdb.at'), dataIndex: 'at', render: (at: string) => new Date(at).toLocaleString() },
        {
          title: t('assets.operate'),
          render: (_, o) => (
            <Space size={4}>
              {t(`asset.op.${o.type}`)}
              {o.state === 'pending_approval' && <Tag color="gold">{t('assets.pendingApproval')}</Tag>}
              {o.state === 'rejected' && <Tag>{t('assets.rejected')}</Tag>}
            </Space>
          ),
        },
        { title: t('cmdb.actor'), render: (_, o) => o.actor?.name ?? '' },
        {
          title: t('assets.holder'),
          render: (_, o) =>
            o.fromHolder?.id !== o.toHolder?.id ? `${o.fromHolder?.name ?? '—'} → ${o.toHolder?.name ?? '—'}` : '',
        },
        {
          title: t('assets.location'),
          render: (_, o) =>
            o.fromLocation?.id !== o.toLocation?.id
              ? `${o.fromLocation?.name ?? '—'} → ${o.toLocation?.name ?? '—'}`
              : '',
        },
        {
          title: t('assets.signedBy'),
          render: (_, o) => (o.signedBy ? `${o.signedBy.name} ${o.signedAt?.slice(0, 10)}` : ''),
        },
        { title: t('assets.approvedBy'), render: (_, o) => o.approvedBy?.name ?? '' },
        { title: t('assets.note'), dataIndex: 'note' },
      ]}
    />
  );
}

function OperationModal({
  asset,
  operation,
  onClose,
}: {
  asset: AssetDetail;
  operation: AssetOperation;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm();
  const report = useReportError();
  const { data: locations } = useLocations();
  const { data: orgs } = useOrganizations();
  const run = useAssetWrite((v: Record<string, unknown>) =>
    api.post<AssetDetail>(`/assets/${asset.id}/operations`, { type: operation, ...v }),
  );
  const needsHolder = operation === 'issue' || operation === 'transfer';
  return (
    <Modal
      open
      title={t(`asset.op.${operation}`)}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={run.isPending}
      okButtonProps={{ 'data-testid': 'asset-op-submit' } as never}
    >
      <Form form={form} layout="vertical" onFinish={(v) => run.mutate(v, { onSuccess: onClose, onError: report })}>
        {needsHolder && (
          <Form.Item
            name="toHolderId"
            label={t('assets.toHolder')}
            rules={operation === 'issue' ? [{ required: true }] : []}
          >
            <PersonSelect testId="asset-op-holder" />
          </Form.Item>
        )}
        {operation !== 'dispose' && operation !== 'repair' && (
          <Form.Item name="toLocationId" label={t('assets.toLocation')}>
            <Select allowClear options={(locations ?? []).map((l) => ({ value: l.id, label: l.name }))} />
          </Form.Item>
        )}
        {operation === 'transfer' && (
          <Form.Item name="toOrganizationId" label={t('assets.toOrganization')}>
            <Select allowClear options={(orgs ?? []).map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
        )}
        {(operation === 'issue' || operation === 'return' || operation === 'transfer') && (
          <Form.Item name="signedOff" valuePropName="checked">
            <Checkbox>{t('assets.signedOff')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="note" label={t('assets.note')}>
          <Input.TextArea rows={2} data-testid="asset-op-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LicencePanel({ asset }: { asset: AssetDetail }) {
  const t = useT();
  const report = useReportError();
  const { message } = AntApp.useApp();
  const [userId, setUserId] = useState<string>();
  const [deviceTag, setDeviceTag] = useState('');
  const assign = useAssetWrite((body: { userId?: string; deviceId?: string }) =>
    api.post<AssetDetail>(`/assets/${asset.id}/assignments`, body),
  );
  const remove = useAssetWrite((assignmentId: string) =>
    api.delete<AssetDetail>(`/assets/${asset.id}/assignments/${assignmentId}`),
  );
  const c = asset.compliance;
  return (
    <Card size="small" title={t('assets.licences')} style={{ marginTop: 16 }}>
      {c && (
        <Typography.Paragraph>
          {t('assets.compliance', { installed: c.installed, owned: c.owned })}{' '}
          <Tag color={c.compliant ? 'green' : 'red'}>
            {c.compliant ? t('assets.compliant') : t('assets.noncompliant')}
          </Tag>
        </Typography.Paragraph>
      )}
      {asset.abilities.update && (
        <Space wrap style={{ marginBottom: 8 }}>
          <div style={{ width: 220 }}>
            <PersonSelect value={userId} onChange={setUserId} />
          </div>
          <Button disabled={!userId} onClick={() => assign.mutate({ userId }, { onError: report })}>
            {t('assets.assignUser')}
          </Button>
          <Input
            value={deviceTag}
            onChange={(e) => setDeviceTag(e.target.value)}
            style={{ width: 140 }}
            placeholder={t('assets.tag')}
          />
          <Button
            disabled={!deviceTag}
            onClick={async () => {
              try {
                const device = await api.get<AssetDetail>(`/assets/${encodeURIComponent(deviceTag)}`);
                assign.mutate({ deviceId: device.id }, { onError: report });
              } catch (e) {
                void message.error((e as Error).message);
              }
            }}
          >
            {t('assets.assignDevice')}
          </Button>
        </Space>
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={asset.assignments}
        columns={[
          {
            title: t('assets.holder'),
            render: (_, a) => a.user?.name ?? (a.device ? `${a.device.tag} ${a.device.name}` : ''),
          },
          { title: t('cmdb.at'), render: (_, a) => a.createdAt.slice(0, 10) },
          {
            title: '',
            render: (_, a) =>
              asset.abilities.update && (
                <Button size="small" type="link" onClick={() => remove.mutate(a.id, { onError: report })}>
                  {t('cmdb.panel.remove')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
