import { type BulkAction, type BulkResult, fillCannedReply, IMPACTS, URGENCIES } from '@trellis/core';
import { Alert, Button, Form, Input, Modal, Radio, Select, Space, Table, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { useLocale, useT } from '../../../app/i18n';
import { categoryTree, useCategories, useGroups } from '../../../app/reference';
import { useCurrentSession } from '../../../app/session';
import { FormModal } from '../../../kit/FormModal';
import { useBulkAction, useCannedReplies } from '../api';

type Dialog = 'assign' | 'classify' | 'comment' | null;

/** Acts on the selected queue rows; every record's own result is shown, failures included. */
export function BulkBar({ selected, onDone }: { selected: string[]; onDone: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const { user } = useCurrentSession();
  const bulk = useBulkAction();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const groups = (useGroups().data ?? []).filter((g) => g.active);
  const categories = useCategories().data ?? [];
  const replies = useCannedReplies().data ?? [];

  type Body = BulkAction extends infer A ? (A extends BulkAction ? Omit<A, 'ids'> : never) : never;
  const run = async (body: Body) => {
    const res = await bulk.mutateAsync({ ...body, ids: selected } as BulkAction);
    setResult(res);
    // Keep the failed rows selected, so the agent can look at them or retry.
    if (res.failed === 0) onDone();
  };

  if (selected.length === 0 && !result) return null;
  return (
    <>
      {selected.length > 0 && (
        <Alert
          data-testid="bulk-bar"
          style={{ marginBottom: 12 }}
          type="info"
          message={
            <Space wrap>
              <Typography.Text strong>{t('console.bulk.selected', { count: selected.length })}</Typography.Text>
              <Button
                size="small"
                type="primary"
                loading={bulk.isPending}
                onClick={() => run({ action: 'take' })}
                data-testid="bulk-take"
              >
                {t('console.bulk.take')}
              </Button>
              <Button size="small" onClick={() => setDialog('assign')} data-testid="bulk-assign">
                {t('console.bulk.assign')}
              </Button>
              <Button size="small" onClick={() => setDialog('classify')} data-testid="bulk-classify">
                {t('console.bulk.classify')}
              </Button>
              <Button size="small" onClick={() => setDialog('comment')} data-testid="bulk-comment">
                {t('console.bulk.comment')}
              </Button>
              <Button size="small" type="link" onClick={onDone}>
                {t('console.bulk.clear')}
              </Button>
            </Space>
          }
        />
      )}

      <FormModal<{ groupId: string; assigneeId?: string; note?: string }>
        open={dialog === 'assign'}
        title={t('console.bulk.assign')}
        testId="bulk-assign"
        onClose={() => setDialog(null)}
        onSubmit={(v) =>
          run({
            action: 'assign',
            groupId: v.groupId,
            assigneeId: v.assigneeId ?? null,
            note: v.note?.trim() || undefined,
          })
        }
      >
        <Form.Item name="groupId" label={t('incident.group')} rules={[{ required: true, message: t('form.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="bulk-assign-group"
            options={groups.map((g) => ({ value: g.id, label: `${g.name} · ${t(`tier.${g.tier as 1}`)}` }))}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate>
          {(form) => (
            <Form.Item name="assigneeId" label={t('incident.assignee')}>
              <Select
                allowClear
                disabled={!form.getFieldValue('groupId')}
                options={(groups.find((g) => g.id === form.getFieldValue('groupId'))?.members ?? []).map((m) => ({
                  value: m.id,
                  label: m.name,
                }))}
              />
            </Form.Item>
          )}
        </Form.Item>
        <Form.Item name="note" label={t('assign.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
        </Form.Item>
      </FormModal>

      <FormModal<{ categoryId?: string; impact?: number; urgency?: number }>
        open={dialog === 'classify'}
        title={t('console.bulk.classify')}
        testId="bulk-classify"
        onClose={() => setDialog(null)}
        onSubmit={(v) => run({ action: 'classify', categoryId: v.categoryId, impact: v.impact, urgency: v.urgency })}
      >
        <Form.Item name="categoryId" label={t('incident.category')}>
          <TreeSelect
            allowClear
            treeDefaultExpandAll
            treeData={categoryTree(categories, locale, { activeOnly: true })}
          />
        </Form.Item>
        <Space>
          <Form.Item name="impact" label={t('incident.impact')}>
            <Select
              allowClear
              style={{ width: 160 }}
              options={IMPACTS.map((i) => ({ value: i, label: t(`impact.${i}`) }))}
            />
          </Form.Item>
          <Form.Item name="urgency" label={t('incident.urgency')}>
            <Select
              allowClear
              style={{ width: 160 }}
              options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))}
            />
          </Form.Item>
        </Space>
      </FormModal>

      <FormModal<{ body: string; visibility: 'public' | 'internal' }>
        open={dialog === 'comment'}
        title={t('console.bulk.comment')}
        testId="bulk-comment"
        initialValues={{ visibility: 'public' }}
        onClose={() => setDialog(null)}
        onSubmit={(v) => run({ action: 'comment', body: v.body.trim(), visibility: v.visibility })}
      >
        <Form.Item noStyle shouldUpdate>
          {(form) => (
            <Form.Item label={t('console.replies.insert')}>
              <Select
                allowClear
                options={replies.map((r) => ({ value: r.id, label: r.title }))}
                onChange={(id?: string) => {
                  const reply = replies.find((r) => r.id === id);
                  // Record-specific variables differ per record; only {agent} is filled for a batch.
                  if (reply) form.setFieldValue('body', fillCannedReply(reply.body, { agent: user.name }));
                }}
              />
            </Form.Item>
          )}
        </Form.Item>
        <Form.Item name="body" rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={20000} />
        </Form.Item>
        <Form.Item name="visibility">
          <Radio.Group>
            <Radio value="public">{t('comment.public')}</Radio>
            <Radio value="internal">{t('comment.internal')}</Radio>
          </Radio.Group>
        </Form.Item>
      </FormModal>

      <Modal
        open={result !== null}
        title={t('console.bulk.result')}
        onCancel={() => setResult(null)}
        onOk={() => setResult(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        width={640}
      >
        {result && (
          <div data-testid="bulk-result">
            <Alert
              style={{ marginBottom: 12 }}
              type={result.failed ? 'warning' : 'success'}
              message={
                result.failed
                  ? t('console.bulk.summary', { ok: result.succeeded, failed: result.failed })
                  : t('console.bulk.allOk', { ok: result.succeeded })
              }
            />
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={result.results}
              columns={[
                { title: t('incident.number'), dataIndex: 'number', render: (n: string | null) => n ?? '—' },
                {
                  title: t('incident.state'),
                  render: (_: unknown, r: BulkResult['results'][number]) =>
                    r.ok ? (
                      <Typography.Text type="success">✓</Typography.Text>
                    ) : (
                      <Typography.Text type="danger">{r.error?.message}</Typography.Text>
                    ),
                },
              ]}
            />
          </div>
        )}
      </Modal>
    </>
  );
}
