import type { Followup } from '@trellis/core';
import { App as AntApp, Button, Card, Form, Input, Rate, Segmented, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../app/i18n';
import { usePageTitle } from '../../app/usePageTitle';
import { FormModal } from '../../kit/FormModal';
import { useCloseFollowup, useFollowups } from '../incidents/deskApi';

/** Low ratings (≤ 2) for the service manager to follow up and close with an outcome. */
export function FollowupsPage() {
  const t = useT();
  const { message } = AntApp.useApp();
  usePageTitle(t('desk.followups.title'));
  const [state, setState] = useState<'open' | 'closed'>('open');
  const [closing, setClosing] = useState<Followup | null>(null);
  const query = useFollowups(state);
  const close = useCloseFollowup();
  return (
    <Card
      title={t('desk.followups.title')}
      extra={
        <Segmented
          value={state}
          onChange={(v) => setState(v as 'open' | 'closed')}
          options={[
            { value: 'open', label: t('desk.followups.open') },
            { value: 'closed', label: t('desk.followups.closed') },
          ]}
        />
      }
    >
      <Table<Followup>
        rowKey="id"
        size="small"
        loading={query.isPending}
        dataSource={query.data ?? []}
        locale={{ emptyText: t('desk.followups.empty') }}
        scroll={{ x: 800 }}
        data-testid="followups"
        columns={[
          {
            title: t('desk.followups.record'),
            key: 'record',
            render: (_, f) => <Link to={`/console/incidents/${f.record.number}`}>{f.record.number}</Link>,
          },
          { title: t('incident.title'), dataIndex: ['record', 'title'], ellipsis: true },
          { title: t('incident.requester'), dataIndex: ['requester', 'name'], width: 100 },
          {
            title: t('desk.followups.rating'),
            dataIndex: 'rating',
            width: 150,
            render: (r: number) => <Rate disabled value={r} style={{ fontSize: 13 }} />,
          },
          { title: t('desk.followups.comment'), dataIndex: 'comment', ellipsis: true },
          {
            title: t('desk.followups.owner'),
            dataIndex: 'owner',
            width: 100,
            render: (o: Followup['owner']) => o?.name ?? '—',
          },
          {
            title: t('desk.followups.createdAt'),
            dataIndex: 'createdAt',
            width: 140,
            render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
          },
          {
            key: 'action',
            width: 130,
            render: (_, f) =>
              f.state === 'open' ? (
                <Button size="small" onClick={() => setClosing(f)} data-testid="close-followup">
                  {t('desk.followups.close')}
                </Button>
              ) : (
                <Tag title={f.note ?? ''}>{f.closedBy?.name}</Tag>
              ),
          },
        ]}
      />
      <FormModal<{ note: string }>
        open={closing !== null}
        title={t('desk.followups.close')}
        testId="close-followup"
        onClose={() => setClosing(null)}
        onSubmit={async (v) => {
          await close.mutateAsync({ id: closing!.id, note: v.note.trim() });
          void message.success(t('common.saved'));
        }}
      >
        <Form.Item
          name="note"
          label={t('desk.followups.note')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
