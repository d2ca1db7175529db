import { PlusOutlined } from '@ant-design/icons';
import { CANNED_VARIABLES, type CannedReply } from '@trellis/core';
import { Button, Card, Checkbox, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../../app/i18n';
import { useCan } from '../../../app/session';
import { usePageTitle } from '../../../app/usePageTitle';
import { FormModal } from '../../../kit/FormModal';
import { type ReplyInput, useCannedReplies, useReplyMutations } from '../api';

/** 快捷回复: agents keep personal ones; managers and admins curate the shared set. */
export function CannedRepliesPage() {
  const t = useT();
  const curator = useCan('console.curate');
  const replies = useCannedReplies();
  const { save, remove } = useReplyMutations();
  const [editing, setEditing] = useState<CannedReply | 'new' | null>(null);
  usePageTitle(t('console.replies.title'));
  const variables = CANNED_VARIABLES.map((v) => `{${v}}`).join(' ');

  return (
    <Card>
      <div className="trellis-page-title">
        <Typography.Title level={4}>{t('console.replies.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="reply-new">
          {t('console.replies.new')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary">
        {t('console.replies.variables', { vars: variables })}
      </Typography.Paragraph>
      <Table<CannedReply>
        rowKey="id"
        loading={replies.isPending}
        dataSource={replies.data ?? []}
        pagination={false}
        columns={[
          {
            title: t('console.replies.name'),
            dataIndex: 'title',
            width: 200,
            render: (title: string, r) => (
              <Space>
                {title}
                <Tag>{r.shared ? t('console.replies.sharedTag') : t('console.replies.mine')}</Tag>
              </Space>
            ),
          },
          { title: t('console.replies.body'), dataIndex: 'body', ellipsis: true },
          {
            title: '',
            width: 140,
            render: (_: unknown, r) =>
              r.editable && (
                <Space>
                  <Button size="small" onClick={() => setEditing(r)}>
                    {t('common.edit')}
                  </Button>
                  <Popconfirm title={t('console.replies.deleteConfirm')} onConfirm={() => remove.mutateAsync(r.id)}>
                    <Button size="small" danger>
                      ×
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <FormModal<ReplyInput>
        key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
        open={editing !== null}
        title={editing === 'new' ? t('console.replies.new') : t('common.edit')}
        testId="reply"
        initialValues={editing && editing !== 'new' ? editing : { shared: false }}
        onClose={() => setEditing(null)}
        onSubmit={(values) =>
          save.mutateAsync(editing && editing !== 'new' ? { id: editing.id, body: values } : { body: values })
        }
      >
        <Form.Item
          name="title"
          label={t('console.replies.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={100} data-testid="reply-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('console.replies.body')}
          extra={t('console.replies.variables', { vars: variables })}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={10000} data-testid="reply-body" />
        </Form.Item>
        {curator && (
          <Form.Item name="shared" valuePropName="checked">
            <Checkbox>{t('console.replies.shared')}</Checkbox>
          </Form.Item>
        )}
      </FormModal>
    </Card>
  );
}
