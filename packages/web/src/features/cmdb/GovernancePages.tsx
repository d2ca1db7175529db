import type { Baseline, CiAudit } from '@trellis/core';
import { Button, Card, Collapse, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../app/api';
import { useReportError } from '../../app/errors';
import { useLocale, useT } from '../../app/i18n';
import { useLocations } from '../assets/api';
import { useAudits, useBaselineDiff, useBaselines, useCiClasses, useCmdbWrite, useReport } from './api';
import { CiStateTag } from './CiListPage';
import { ChangeList } from './CiPage';

function ScopeFields() {
  const t = useT();
  const { locale } = useLocale();
  const { data: classes } = useCiClasses();
  return (
    <Form.Item name="classId" label={t('cmdb.class')} rules={[{ required: true }]}>
      <Select
        options={(classes ?? []).map((c) => ({ value: c.id, label: locale === 'zh-CN' ? c.nameZh : c.nameEn }))}
      />
    </Form.Item>
  );
}

export function BaselinesPage({ manage }: { manage: boolean }) {
  const t = useT();
  const report = useReportError();
  const { data } = useBaselines();
  const [open, setOpen] = useState(false);
  const [diffId, setDiffId] = useState<string | null>(null);
  const [form] = Form.useForm();
  const create = useCmdbWrite((v: Record<string, unknown>) => api.post('/cmdb/baselines', v));
  const { data: diff } = useBaselineDiff(diffId);
  return (
    <Card>
      {manage && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setOpen(true)}>
          {t('cmdb.baseline.new')}
        </Button>
      )}
      <Table<Baseline>
        rowKey="id"
        size="small"
        dataSource={data ?? []}
        columns={[
          { title: t('cmdb.baseline.name'), dataIndex: 'name' },
          { title: t('cmdb.at'), dataIndex: 'createdAt', render: (at: string) => new Date(at).toLocaleString() },
          { title: t('cmdb.actor'), render: (_, b) => b.createdBy?.name },
          { title: t('cmdb.baseline.items'), dataIndex: 'itemCount' },
          {
            title: '',
            render: (_, b) => (
              <Button size="small" onClick={() => setDiffId(b.id)}>
                {t('cmdb.baseline.diff')}
              </Button>
            ),
          },
        ]}
      />
      {diff && diffId && (
        <Card size="small" title={`${diff.baseline.name} · ${t('cmdb.baseline.diff')}`} style={{ marginTop: 12 }}>
          <Typography.Paragraph>{t('cmdb.baseline.unchanged', { count: diff.unchanged })}</Typography.Paragraph>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('cmdb.baseline.added')}>
              {diff.added.map((c) => (
                <Tag key={c.id} color="green">
                  <Link to={`/console/cmdb/cis/${c.id}`}>{c.name}</Link>
                </Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('cmdb.baseline.removed')}>
              {diff.removed.map((c) => (
                <Tag key={c.id} color="red">
                  {c.name}
                </Tag>
              ))}
            </Descriptions.Item>
          </Descriptions>
          <Table
            rowKey={(c) => c.ci.id}
            size="small"
            pagination={false}
            dataSource={diff.changed}
            columns={[
              {
                title: t('cmdb.baseline.changed'),
                render: (_, c) => (
                  <Link to={`/console/cmdb/cis/${c.ci.id}`}>
                    {c.ci.code} {c.ci.name}
                  </Link>
                ),
              },
              { title: t('cmdb.version'), render: (_, c) => `${c.fromVersion} → ${c.toVersion}` },
              {
                title: t('cmdb.changes'),
                render: (_, c) => (
                  <ChangeList
                    v={{
                      before: Object.fromEntries(c.fields.map((f) => [f.field, f.baseline])),
                      after: Object.fromEntries(c.fields.map((f) => [f.field, f.current])),
                    }}
                  />
                ),
              },
            ]}
          />
        </Card>
      )}
      {open && (
        <Modal open title={t('cmdb.baseline.new')} onCancel={() => setOpen(false)} onOk={() => form.submit()}>
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => create.mutate(v, { onSuccess: () => setOpen(false), onError: report })}
          >
            <Form.Item name="name" label={t('cmdb.baseline.name')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <ScopeFields />
            <Form.Item name="description" label={t('cmdb.audit.note')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Card>
  );
}

export function AuditsPage({ manage }: { manage: boolean }) {
  const t = useT();
  const report = useReportError();
  const { data } = useAudits();
  const { data: locations } = useLocations();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const create = useCmdbWrite((v: Record<string, unknown>) => api.post('/cmdb/audits', v));
  const check = useCmdbWrite(
    ({ auditId, itemId, ...body }: { auditId: string; itemId: string; result: string; observed?: unknown }) =>
      api.post(`/cmdb/audits/${auditId}/items/${itemId}`, body),
  );
  const correct = useCmdbWrite(({ auditId, recordId }: { auditId: string; recordId: string }) =>
    api.post(`/cmdb/audits/${auditId}/correct`, { recordId }),
  );
  const [observing, setObserving] = useState<{ auditId: string; itemId: string } | null>(null);
  const [observeForm] = Form.useForm();
  const [records, setRecords] = useState<Record<string, string>>({});
  return (
    <Card>
      {manage && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setOpen(true)}>
          {t('cmdb.audit.new')}
        </Button>
      )}
      <Collapse
        items={(data ?? []).map((a: CiAudit) => ({
          key: a.id,
          label: (
            <Space wrap>
              <strong>{a.name}</strong>
              <Tag color={a.state === 'open' ? 'blue' : 'default'}>{t(`cmdb.audit.${a.state}`)}</Tag>
              {(['pending', 'match', 'discrepancy', 'corrected'] as const).map((k) => (
                <span key={k}>
                  {t(`cmdb.audit.${k}`)} {a.counts[k]}
                </span>
              ))}
              {a.record && <Tag>{a.record.number}</Tag>}
            </Space>
          ),
          children: (
            <>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={a.items}
                columns={[
                  {
                    title: t('cmdb.code'),
                    render: (_, i) => (
                      <Link to={`/console/cmdb/cis/${i.ci.id}`}>
                        {i.ci.code} {i.ci.name}
                      </Link>
                    ),
                  },
                  { title: t('cmdb.state'), render: (_, i) => <CiStateTag state={i.ci.state} /> },
                  { title: t('cmdb.audit.observed'), render: (_, i) => (i.observed ? JSON.stringify(i.observed) : '') },
                  { title: t('cmdb.audit.note'), dataIndex: 'note' },
                  {
                    title: '',
                    render: (_, i) => (
                      <Tag
                        color={{ pending: 'default', match: 'green', discrepancy: 'red', corrected: 'blue' }[i.result]}
                      >
                        {t(`cmdb.audit.${i.result}`)}
                      </Tag>
                    ),
                  },
                  {
                    title: '',
                    render: (_, i) =>
                      manage &&
                      a.state === 'open' && (
                        <Space size={4}>
                          <Button
                            size="small"
                            onClick={() =>
                              check.mutate({ auditId: a.id, itemId: i.id, result: 'match' }, { onError: report })
                            }
                          >
                            {t('cmdb.audit.match')}
                          </Button>
                          <Button size="small" danger onClick={() => setObserving({ auditId: a.id, itemId: i.id })}>
                            {t('cmdb.audit.discrepancy')}
                          </Button>
                        </Space>
                      ),
                  },
                ]}
              />
              {manage && a.state === 'open' && a.counts.discrepancy > 0 && (
                <Space style={{ marginTop: 8 }}>
                  <Input
                    placeholder={t('cmdb.audit.record')}
                    value={records[a.id] ?? ''}
                    onChange={(e) => setRecords({ ...records, [a.id]: e.target.value })}
                    style={{ width: 260 }}
                  />
                  <Button
                    type="primary"
                    disabled={!records[a.id]}
                    onClick={() => correct.mutate({ auditId: a.id, recordId: records[a.id]! }, { onError: report })}
                  >
                    {t('cmdb.audit.correct')}
                  </Button>
                </Space>
              )}
            </>
          ),
        }))}
      />
      {observing && (
        <Modal
          open
          title={t('cmdb.audit.observed')}
          onCancel={() => setObserving(null)}
          onOk={() => observeForm.submit()}
          destroyOnHidden
        >
          <Form
            form={observeForm}
            layout="vertical"
            onFinish={(v: { locationId?: string; note?: string }) =>
              check.mutate(
                {
                  ...observing,
                  result: 'discrepancy',
                  observed: { locationId: v.locationId ?? null },
                  ...(v.note ? { note: v.note } : {}),
                } as never,
                {
                  onSuccess: () => setObserving(null),
                  onError: report,
                },
              )
            }
          >
            <Form.Item name="locationId" label={t('cmdb.location')}>
              <Select allowClear options={(locations ?? []).map((l) => ({ value: l.id, label: l.name }))} />
            </Form.Item>
            <Form.Item name="note" label={t('cmdb.audit.note')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {open && (
        <Modal open title={t('cmdb.audit.new')} onCancel={() => setOpen(false)} onOk={() => form.submit()}>
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => create.mutate(v, { onSuccess: () => setOpen(false), onError: report })}
          >
            <Form.Item name="name" label={t('cmdb.audit.name')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <ScopeFields />
          </Form>
        </Modal>
      )}
    </Card>
  );
}

export function ReportPage() {
  const t = useT();
  const { locale } = useLocale();
  const { data } = useReport();
  if (!data) return null;
  return (
    <Card
      extra={<Button onClick={() => window.print()}>{t('cmdb.report.print')}</Button>}
      title={`${t('cmdb.tab.report')} · ${new Date(data.generatedAt).toLocaleString()}`}
    >
      <Typography.Paragraph>{t('cmdb.report.totals', data.totals)}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        {data.byClass.map((c) => (
          <Tag key={c.code}>
            {locale === 'zh-CN' ? c.nameZh : c.nameEn} {c.count}
          </Tag>
        ))}
        {data.byState.map((s) => (
          <Tag key={s.state} color="blue">
            {t(`cmdb.state.${s.state}`)} {s.count}
          </Tag>
        ))}
      </Space>
      <Table
        rowKey="id"
        size="small"
        pagination={{ pageSize: 100 }}
        dataSource={data.items}
        scroll={{ x: 900 }}
        columns={[
          { title: t('cmdb.code'), render: (_, c) => <Link to={`/console/cmdb/cis/${c.id}`}>{c.code}</Link> },
          { title: t('cmdb.name'), dataIndex: 'name' },
          { title: t('cmdb.class'), render: (_, c) => (locale === 'zh-CN' ? c.class.nameZh : c.class.nameEn) },
          { title: t('cmdb.version'), dataIndex: 'version' },
          { title: t('cmdb.location'), render: (_, c) => c.location?.name ?? '' },
          {
            title: t('cmdb.report.dependsOn'),
            render: (_, c) => c.dependsOn.map((d) => `${t(`cmdb.relation.${d.type}`)} ${d.name}`).join('；'),
          },
          { title: t('cmdb.versions'), dataIndex: 'changes' },
          { title: '', render: (_, c) => c.unauthorized && <Tag color="red">{t('cmdb.unauthorized')}</Tag> },
        ]}
      />
      <Typography.Title level={5}>{t('cmdb.report.recent')}</Typography.Title>
      <Table
        rowKey={(v) => `${v.ci.id}-${v.version}`}
        size="small"
        pagination={false}
        dataSource={data.recentChanges.slice(0, 30)}
        columns={[
          { title: t('cmdb.at'), render: (_, v) => new Date(v.at).toLocaleString() },
          { title: t('cmdb.name'), render: (_, v) => `${v.ci.code} ${v.ci.name} v${v.version}` },
          { title: t('cmdb.actor'), render: (_, v) => v.actor?.name ?? t('cmdb.system') },
          { title: t('cmdb.changes'), render: (_, v) => <ChangeList v={v} /> },
          { title: '', render: (_, v) => v.unauthorized && <Tag color="red">{t('cmdb.unauthorized')}</Tag> },
        ]}
      />
    </Card>
  );
}
