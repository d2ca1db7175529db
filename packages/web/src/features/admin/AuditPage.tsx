import type { AuditEvent } from '@trellis/core';
import { Button, Card, Col, Form, Input, Row, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useT } from '../../app/i18n';
import { usePageTitle } from '../../app/usePageTitle';
import { UserPicker } from '../../kit/UserPicker';
import { type AuditFilters, useAuditLog } from './api';

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre className="trellis-json">{JSON.stringify(value, null, 2)}</pre>;
}

/** The audit trail: who changed what, with the record before and after. */
export function AuditPage() {
  const t = useT();
  const [filters, setFilters] = useState<AuditFilters>({});
  usePageTitle(t('admin.audit'));
  const [form] = Form.useForm<AuditFilters>();
  const log = useAuditLog(filters);
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];

  const apply = (values: AuditFilters) => {
    const next: AuditFilters = {};
    for (const [key, value] of Object.entries(values) as [keyof AuditFilters, string | undefined][]) {
      if (value?.trim()) next[key] = value.trim();
    }
    setFilters(next);
  };

  return (
    <Card>
      <Typography.Title level={4}>{t('admin.audit')}</Typography.Title>
      <Form<AuditFilters> form={form} layout="inline" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="entityType" label={t('admin.audit.entityType')}>
          <Input allowClear placeholder="incident" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="entityId" label={t('admin.audit.entityId')}>
          <Input allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="action" label={t('admin.audit.action')}>
          <Input allowClear placeholder="incident.resolve" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="actorId" label={t('admin.audit.actor')}>
          <UserPicker allowClear style={{ width: 220 }} filter={{ staff: 'true' }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      <Table<AuditEvent>
        rowKey="id"
        size="small"
        loading={log.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        expandable={{
          expandedRowRender: (event) => (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Typography.Text strong>{t('admin.audit.before')}</Typography.Text>
                <Json value={event.before} />
              </Col>
              <Col xs={24} md={12}>
                <Typography.Text strong>{t('admin.audit.after')}</Typography.Text>
                <Json value={event.after} />
              </Col>
            </Row>
          ),
        }}
        columns={[
          {
            title: t('admin.audit.at'),
            dataIndex: 'at',
            width: 170,
            render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss'),
          },
          {
            title: t('admin.audit.actor'),
            dataIndex: 'actorName',
            width: 120,
            render: (n: string | null) => n ?? t('system.actor'),
          },
          { title: t('admin.audit.action'), dataIndex: 'action', width: 180 },
          { title: t('admin.audit.entityType'), dataIndex: 'entityType', width: 120 },
          { title: t('admin.audit.entityId'), dataIndex: 'entityId', ellipsis: true },
          { title: 'IP', dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? '—' },
        ]}
      />
      {log.isError && <Typography.Text type="danger">{log.error.message}</Typography.Text>}
      {log.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </Card>
  );
}
