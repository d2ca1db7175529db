import { CI_RELATION_TYPES, type CiRelation, type CiVersion } from '@trellis/core';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Result,
  Row,
  Segmented,
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
import { useLocale, useT } from '../../app/i18n';
import { FullPageSpin } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { useCi, useCis, useCiVersions, useCmdbWrite, useImpact } from './api';
import { CiGraph } from './CiGraph';
import { CiStateTag } from './CiListPage';

export function CiPage() {
  const t = useT();
  const { locale } = useLocale();
  const { id = '' } = useParams();
  const { data: ci, isPending, error } = useCi(id);
  usePageTitle(ci ? `${ci.code} ${ci.name}` : null);
  const report = useReportError();
  const [relating, setRelating] = useState(false);
  const [through, setThrough] = useState('');
  const move = useCmdbWrite((state: string) =>
    api.post(`/cmdb/cis/${id}/state`, { state, changeRef: through || undefined }),
  );
  const unrelate = useCmdbWrite((relationId: string) => api.delete(`/cmdb/cis/${id}/relations/${relationId}`));
  if (isPending) return <FullPageSpin />;
  if (error || !ci) return <Result status="404" title={error?.message} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {ci.code} · {ci.name}
            </Typography.Title>
            <CiStateTag state={ci.state} />
            <Tag>{locale === 'zh-CN' ? ci.class.nameZh : ci.class.nameEn}</Tag>
            <Tag>
              {t('cmdb.version')} {ci.version}
            </Tag>
          </Space>
          {ci.abilities.update && ci.nextStates.length > 0 && (
            <Space wrap>
              <Input
                placeholder={t('cmdb.changeRef')}
                value={through}
                onChange={(e) => setThrough(e.target.value)}
                style={{ width: 160 }}
              />
              {ci.nextStates.map((s) => (
                <Button key={s} onClick={() => move.mutate(s, { onError: report })}>
                  → {t(`cmdb.state.${s}`)}
                </Button>
              ))}
            </Space>
          )}
        </Space>
        {ci.unauthorized && (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            message={t('cmdb.unauthorized')}
            description={t('cmdb.unauthorizedHint')}
          />
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('cmdb.organization')}>{ci.organization.name}</Descriptions.Item>
                <Descriptions.Item label={t('cmdb.owner')}>{ci.owner?.name}</Descriptions.Item>
                <Descriptions.Item label={t('cmdb.location')}>
                  {ci.location && <Link to={`/console/cmdb/cis/${ci.location.id}`}>{ci.location.name}</Link>}
                </Descriptions.Item>
                <Descriptions.Item label={t('cmdb.users')}>{ci.users.map((u) => u.name).join('、')}</Descriptions.Item>
                {Object.entries(ci.attributes).map(([k, v]) => (
                  <Descriptions.Item key={k} label={k}>
                    {String(v)}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            </Card>
            <Card
              size="small"
              title={t('cmdb.relations')}
              extra={
                ci.abilities.relate && (
                  <Button size="small" onClick={() => setRelating(true)}>
                    {t('cmdb.addRelation')}
                  </Button>
                )
              }
            >
              <List<CiRelation>
                size="small"
                dataSource={ci.relations}
                locale={{ emptyText: t('cmdb.none') }}
                renderItem={(r) => (
                  <List.Item
                    actions={
                      ci.abilities.relate
                        ? [
                            <Button
                              key="x"
                              size="small"
                              type="link"
                              onClick={() => unrelate.mutate(r.id, { onError: report })}
                            >
                              {t('cmdb.panel.remove')}
                            </Button>,
                          ]
                        : []
                    }
                  >
                    {r.direction === 'out' ? (
                      <span>
                        {t(`cmdb.relation.${r.type}`)}{' '}
                        <Link to={`/console/cmdb/cis/${r.other.id}`}>{r.other.name}</Link>
                      </span>
                    ) : (
                      <span>
                        <Link to={`/console/cmdb/cis/${r.other.id}`}>{r.other.name}</Link>{' '}
                        {t(`cmdb.relation.${r.type}`)} {ci.name}
                      </span>
                    )}
                  </List.Item>
                )}
              />
            </Card>
            <Card size="small" title={t('cmdb.records')}>
              <List
                size="small"
                dataSource={ci.records}
                locale={{ emptyText: t('cmdb.none') }}
                renderItem={(r) => (
                  <List.Item>
                    <Space>
                      {r.kind === 'incident' ? <Link to={`/console/incidents/${r.id}`}>{r.number}</Link> : r.number}
                      {r.title}
                      {r.open && <Tag color="orange">{t('cmdb.open')}</Tag>}
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={15}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <ImpactCard id={ci.id} />
            <VersionsCard id={ci.id} />
          </Space>
        </Col>
      </Row>
      {relating && <RelationModal ciId={ci.id} onClose={() => setRelating(false)} />}
    </Space>
  );
}

function ImpactCard({ id }: { id: string }) {
  const t = useT();
  const [direction, setDirection] = useState('both');
  const [depth, setDepth] = useState(2);
  const { data } = useImpact(id, direction, depth);
  return (
    <Card
      size="small"
      title={t('cmdb.impact')}
      extra={
        <Space wrap>
          <Segmented
            size="small"
            value={direction}
            onChange={(v) => setDirection(String(v))}
            options={['downstream', 'upstream', 'both'].map((d) => ({
              value: d,
              label: t(`cmdb.direction.${d as 'both'}`),
            }))}
          />
          {t('cmdb.depth')}
          <InputNumber
            size="small"
            min={1}
            max={10}
            value={depth}
            onChange={(v) => setDepth(v ?? 1)}
            style={{ width: 60 }}
          />
        </Space>
      }
    >
      {data && (
        <>
          <CiGraph impact={data} />
          <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('cmdb.affectedServices')}>
              <span data-testid="impact-services">{data.services.map((s) => s.name).join('、') || t('cmdb.none')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('cmdb.affectedCis')}>{data.cis.length}</Descriptions.Item>
            <Descriptions.Item label={t('cmdb.affectedUsers')}>
              {data.users.map((u) => u.name).join('、') || t('cmdb.none')}
            </Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Card>
  );
}

export function ChangeList({ v }: { v: Pick<CiVersion, 'before' | 'after'> }) {
  return (
    <div style={{ fontSize: 12 }}>
      {Object.keys(v.after).map((k) => (
        <div key={k}>
          {k}: {JSON.stringify(v.before[k] ?? null)} → {JSON.stringify(v.after[k] ?? null)}
        </div>
      ))}
    </div>
  );
}

function VersionsCard({ id }: { id: string }) {
  const t = useT();
  const { data } = useCiVersions(id);
  return (
    <Card size="small" title={t('cmdb.versions')}>
      <Table<CiVersion>
        rowKey="version"
        size="small"
        pagination={{ pageSize: 10 }}
        dataSource={data ?? []}
        columns={[
          { title: t('cmdb.version'), dataIndex: 'version', width: 60 },
          { title: t('cmdb.at'), dataIndex: 'at', render: (at: string) => new Date(at).toLocaleString() },
          { title: t('cmdb.actor'), render: (_, v) => v.actor?.name ?? t('cmdb.system') },
          { title: t('cmdb.changes'), render: (_, v) => <ChangeList v={v} /> },
          { title: t('cmdb.recordRef'), render: (_, v) => [v.record?.number, v.changeRef].filter(Boolean).join(' / ') },
          { title: '', render: (_, v) => v.unauthorized && <Tag color="red">{t('cmdb.unauthorized')}</Tag> },
        ]}
      />
    </Card>
  );
}

function RelationModal({ ciId, onClose }: { ciId: string; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const report = useReportError();
  const [q, setQ] = useState('');
  const { data } = useCis({ q });
  const add = useCmdbWrite((v: Record<string, unknown>) => api.post(`/cmdb/cis/${ciId}/relations`, v));
  return (
    <Modal open title={t('cmdb.addRelation')} onCancel={onClose} onOk={() => form.submit()}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ type: 'depends_on' }}
        onFinish={(v) => add.mutate(v, { onSuccess: onClose, onError: report })}
      >
        <Form.Item name="type" label={t('cmdb.relationType')}>
          <Select options={CI_RELATION_TYPES.map((r) => ({ value: r, label: t(`cmdb.relation.${r}`) }))} />
        </Form.Item>
        <Form.Item name="targetId" label={t('cmdb.target')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            options={(data?.items ?? [])
              .filter((c) => c.id !== ciId)
              .slice(0, 50)
              .map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))}
          />
        </Form.Item>
        <Form.Item name="changeRef" label={t('cmdb.changeRef')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
