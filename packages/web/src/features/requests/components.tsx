import type { MessageParams, RequestState, ServiceRequest, TimelineEntry } from '@trellis/core';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Radio,
  Space,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useFormErrorHandler } from '../../app/errors';
import { type TranslationKey, useLocale, useT } from '../../app/i18n';
import { FormModal } from '../../kit/FormModal';
import { useRequestAction } from './api';

const STATE_COLORS: Record<RequestState, string> = {
  awaiting_approval: 'orange',
  in_fulfilment: 'processing',
  delivered: 'cyan',
  closed: 'success',
  rejected: 'error',
  cancelled: 'default',
};

export function RequestStateTag({ state }: { state: RequestState }) {
  const t = useT();
  return (
    <Tag color={STATE_COLORS[state]} data-state={state} data-testid="request-state" style={{ marginInlineEnd: 0 }}>
      {t(`request.state.${state}`)}
    </Tag>
  );
}

const fmt = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

function sentence(t: (k: TranslationKey, p?: MessageParams) => string, entry: TimelineEntry, english: boolean) {
  const data = entry.data ?? {};
  const key = `request.timeline.${entry.type}` as TranslationKey;
  const name = String((english ? data.nameEn : undefined) ?? data.name ?? '');
  const text = t(key, {
    actor: entry.actor?.name ?? t('system.actor'),
    target: String(data.target ?? ''),
    name,
    step: Number(data.step ?? 0),
  });
  return text === key ? `${entry.actor?.name ?? ''} · ${entry.type}` : text;
}

type Dialog = {
  path: string;
  title: string;
  field: 'comment' | 'reason' | 'note';
  required: boolean;
  danger?: boolean;
};

/** The whole request as one page body: answers, approvals, tasks, actions, timeline, comments. Used by portal and console. */
export function RequestDetail({ request, staffView }: { request: ServiceRequest; staffView: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const action = useRequestAction(request.id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const a = request.abilities;
  const run = async (path: string, body: object = {}) => {
    await action.mutateAsync({ path, body });
    void message.success(t('common.saved'));
  };
  const steps = [...new Set(request.approvals.map((x) => x.step))];
  const stages = [...new Set(request.tasks.map((x) => x.stage))];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="request-page">
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Text strong style={{ fontFamily: 'monospace' }} data-testid="request-number">
            {request.number}
          </Typography.Text>
          <RequestStateTag state={request.state} />
        </Space>
        <Typography.Title level={5} style={{ marginTop: 8 }}>
          {request.itemName}
        </Typography.Title>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('request.requester')}>
            {request.requester.name}
            {staffView ? ` · ${request.organization.name}` : ''}
            {request.department ? ` · ${request.department.name}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('request.createdAt')}>{fmt(request.createdAt)}</Descriptions.Item>
          {request.deliveryNote && (
            <Descriptions.Item label={t('request.deliveryNote')}>{request.deliveryNote}</Descriptions.Item>
          )}
          {request.reworkReason && (
            <Descriptions.Item label={t('request.reworkReason')}>{request.reworkReason}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      {(a.accept || a.rejectDelivery) && <Alert type="success" showIcon message={t('request.acceptHint')} />}
      {(a.approve || a.reject) && <Alert type="warning" showIcon message={t('request.approveHint')} />}
      <Space wrap>
        {a.approve && (
          <Button
            type="primary"
            data-testid="request-approve"
            onClick={() =>
              setDialog({ path: 'approve', title: t('request.action.approve'), field: 'comment', required: false })
            }
          >
            {t('request.action.approve')}
          </Button>
        )}
        {a.reject && (
          <Button
            danger
            data-testid="request-reject"
            onClick={() =>
              setDialog({
                path: 'reject',
                title: t('request.action.reject'),
                field: 'comment',
                required: true,
                danger: true,
              })
            }
          >
            {t('request.action.reject')}
          </Button>
        )}
        {a.accept && (
          <Button
            type="primary"
            data-testid="request-accept"
            onClick={() =>
              setDialog({ path: 'accept', title: t('request.action.accept'), field: 'comment', required: false })
            }
          >
            {t('request.action.accept')}
          </Button>
        )}
        {a.rejectDelivery && (
          <Button
            danger
            data-testid="request-reject-delivery"
            onClick={() =>
              setDialog({
                path: 'reject-delivery',
                title: t('request.action.reject_delivery'),
                field: 'reason',
                required: true,
                danger: true,
              })
            }
          >
            {t('request.action.reject_delivery')}
          </Button>
        )}
        {a.deliver && (
          <Button
            data-testid="request-deliver"
            onClick={() =>
              setDialog({ path: 'deliver', title: t('request.action.deliver'), field: 'note', required: false })
            }
          >
            {t('request.action.deliver')}
          </Button>
        )}
        {a.cancel && (
          <Button
            data-testid="request-cancel"
            onClick={() =>
              setDialog({
                path: 'cancel',
                title: t('request.action.cancel'),
                field: 'reason',
                required: true,
                danger: true,
              })
            }
          >
            {t('request.action.cancel')}
          </Button>
        )}
      </Space>

      <Card size="small" title={t('request.answers')}>
        <Descriptions column={1} size="small" bordered>
          {request.answers.map((answer) => (
            <Descriptions.Item key={answer.key} label={answer.label}>
              {answer.attachments?.length ? (
                <Space wrap>
                  {answer.attachments.map((file) => (
                    <a key={file.id} href={`/api/v1/attachments/${file.id}`}>
                      {file.filename}
                    </a>
                  ))}
                </Space>
              ) : (
                <span className="trellis-body-text">{answer.value}</span>
              )}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>

      {request.approvals.length > 0 && (
        <Card size="small" title={t('request.approvals')}>
          {steps.map((step) => (
            <div key={step} style={{ marginBottom: 8 }}>
              <Typography.Text type="secondary">{t('request.step', { n: step })}</Typography.Text>
              <List
                size="small"
                dataSource={request.approvals.filter((x) => x.step === step)}
                renderItem={(x) => (
                  <List.Item data-testid="approval-row">
                    <Space direction="vertical" size={0} style={{ width: '100%' }}>
                      <Space wrap>
                        <span>{x.approver.name}</span>
                        <Tag>{t(`catalog.approver.${x.source}`)}</Tag>
                        <Tag
                          color={
                            x.state === 'approved'
                              ? 'success'
                              : x.state === 'rejected'
                                ? 'error'
                                : x.state === 'pending'
                                  ? 'orange'
                                  : 'default'
                          }
                        >
                          {t(`request.approval.${x.state}`)}
                        </Tag>
                        {x.decidedAt && <Typography.Text type="secondary">{fmt(x.decidedAt)}</Typography.Text>}
                      </Space>
                      {x.comment && <Typography.Text>{x.comment}</Typography.Text>}
                    </Space>
                  </List.Item>
                )}
              />
            </div>
          ))}
        </Card>
      )}

      {request.tasks.length > 0 && (
        <Card size="small" title={t('request.tasks')}>
          <Steps
            direction="vertical"
            size="small"
            items={stages.map((stage) => {
              const tasks = request.tasks.filter((x) => x.stage === stage);
              const status = tasks.every((x) => x.state === 'done')
                ? 'finish'
                : tasks.some((x) => x.state === 'open')
                  ? 'process'
                  : 'wait';
              return {
                status,
                title: t('request.stage', { n: stage }),
                description: (
                  <List
                    size="small"
                    dataSource={tasks}
                    renderItem={(task) => (
                      <List.Item
                        data-testid="task-row"
                        data-state={task.state}
                        actions={
                          a.completeTasks.includes(task.id)
                            ? [
                                <Button
                                  key="done"
                                  size="small"
                                  type="primary"
                                  data-testid="task-complete"
                                  onClick={() =>
                                    setDialog({
                                      path: `tasks/${task.id}/complete`,
                                      title: `${t('request.action.complete_task')} · ${task.title}`,
                                      field: 'note',
                                      required: false,
                                    })
                                  }
                                >
                                  {t('request.action.complete_task')}
                                </Button>,
                              ]
                            : []
                        }
                      >
                        <Space direction="vertical" size={0}>
                          <Space wrap>
                            <span>{task.title}</span>
                            <Tag>{task.group.name}</Tag>
                            <Tag
                              color={
                                task.state === 'done' ? 'success' : task.state === 'open' ? 'processing' : 'default'
                              }
                            >
                              {t(`request.task.${task.state}`)}
                            </Tag>
                          </Space>
                          {task.completedBy && (
                            <Typography.Text type="secondary">
                              {task.completedBy.name} · {fmt(task.completedAt)}
                              {task.note ? ` · ${task.note}` : ''}
                            </Typography.Text>
                          )}
                        </Space>
                      </List.Item>
                    )}
                  />
                ),
              };
            })}
          />
        </Card>
      )}

      <Card size="small" title={t('request.timeline')}>
        <Timeline
          items={request.timeline.map((entry) => ({
            color: entry.visibility === 'internal' ? 'gray' : 'green',
            children: (
              <div data-testid="request-timeline-entry">
                <div>
                  {sentence(t, entry, locale === 'en-US')}
                  {entry.visibility === 'internal' && (
                    <Tag style={{ marginInlineStart: 8 }}>{t('request.internal')}</Tag>
                  )}
                </div>
                {entry.body && <div className="trellis-body-text">{entry.body}</div>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmt(entry.at)}
                </Typography.Text>
              </div>
            ),
          }))}
        />
        {a.comment && <CommentForm allowInternal={a.commentInternal} run={(body) => run('comments', body)} />}
      </Card>

      <FormModal<Record<string, string>>
        open={dialog !== null}
        title={dialog?.title}
        danger={dialog?.danger}
        onClose={() => setDialog(null)}
        testId="request-action"
        onSubmit={async (values) => {
          if (!dialog) return;
          const text = values[dialog.field]?.trim();
          await run(dialog.path, text ? { [dialog.field]: text } : {});
        }}
      >
        {dialog && (
          <Form.Item
            name={dialog.field}
            label={t(
              dialog.field === 'comment'
                ? 'request.comment'
                : dialog.field === 'reason'
                  ? 'request.reason'
                  : 'request.note',
            )}
            rules={dialog.required ? [{ required: true, whitespace: true, message: t('form.required') }] : []}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
      </FormModal>
    </Space>
  );
}

function CommentForm({ allowInternal, run }: { allowInternal: boolean; run: (body: object) => Promise<void> }) {
  const t = useT();
  const [form] = Form.useForm<{ body: string; visibility: 'public' | 'internal' }>();
  const [busy, setBusy] = useState(false);
  const handleError = useFormErrorHandler();
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ visibility: 'public' }}
      onFinish={async (values) => {
        setBusy(true);
        try {
          await run({ body: values.body.trim(), visibility: allowInternal ? values.visibility : 'public' });
          form.resetFields(['body']);
        } catch (error) {
          handleError(form, error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form.Item name="body" rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
        <Input.TextArea rows={2} maxLength={20000} placeholder={t('request.commentPlaceholder')} />
      </Form.Item>
      <Space wrap>
        {allowInternal && (
          <Form.Item name="visibility" noStyle>
            <Radio.Group
              options={[
                { value: 'public', label: t('request.comment') },
                { value: 'internal', label: t('request.internal') },
              ]}
            />
          </Form.Item>
        )}
        <Button htmlType="submit" loading={busy}>
          {t('request.addComment')}
        </Button>
      </Space>
    </Form>
  );
}
