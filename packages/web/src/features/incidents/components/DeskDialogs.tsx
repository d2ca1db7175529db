import { HOLD_REASONS, type Incident } from '@trellis/core';
import { Checkbox, DatePicker, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../../app/i18n';
import { useGroups } from '../../../app/reference';
import { FormModal } from '../../../kit/FormModal';
import { UserPicker } from '../../../kit/UserPicker';
import type { IncidentActionName } from '../api';

/** Dialogs for the desk's actions: hold reason, handling record, callback, transfer, escalate, … */

export type DeskDialog =
  | 'hold'
  | 'resolve'
  | 'archive'
  | 'transfer'
  | 'escalate'
  | 'invite'
  | 'flagMajor'
  | 'majorUpdate'
  | 'merge'
  | 'logTime';

type Submit = (action: IncidentActionName, name: string, body: unknown) => Promise<unknown>;

const required = (message: string) => [{ required: true, whitespace: true, message }];

export function DeskDialogs({
  incident,
  dialog,
  onClose,
  submit,
}: {
  incident: Incident;
  dialog: string | null;
  onClose: () => void;
  submit: Submit;
}) {
  const t = useT();
  const children = incident.desk.children.filter((c) => ['pending', 'in_progress', 'on_hold'].includes(c.state));
  const major = incident.desk.major !== null;
  return (
    <>
      <FormModal<{ kind: string; reason?: string }>
        open={dialog === 'hold'}
        title={t('action.hold')}
        okText={t('action.hold')}
        testId="hold"
        onClose={onClose}
        onSubmit={(v) =>
          submit('hold', 'hold', { kind: v.kind, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) })
        }
      >
        <Form.Item name="kind" label={t('desk.holdKind')} rules={[{ required: true, message: t('form.required') }]}>
          <Select data-testid="hold-kind" options={HOLD_REASONS.map((k) => ({ value: k, label: t(`hold.${k}`) }))} />
        </Form.Item>
        <Form.Item noStyle dependencies={['kind']}>
          {({ getFieldValue }) => (
            <Form.Item
              name="reason"
              label={t('incident.holdReason')}
              rules={getFieldValue('kind') === 'other' ? required(t('form.required')) : []}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
            </Form.Item>
          )}
        </Form.Item>
      </FormModal>

      <FormModal<{
        cause: string;
        solution: string;
        timeSpentMinutes: number;
        knowledgeRef?: string;
        ciChanged?: boolean;
        resolveChildren?: boolean;
      }>
        open={dialog === 'resolve'}
        title={t('incident.handlingRecord')}
        testId="resolve"
        width={640}
        initialValues={{
          timeSpentMinutes: incident.desk.timeTotalMinutes || undefined,
          ciChanged: false,
          resolveChildren: children.length > 0,
        }}
        onClose={onClose}
        onSubmit={(v) =>
          submit('resolve', 'resolve', {
            cause: v.cause,
            solution: v.solution,
            timeSpentMinutes: v.timeSpentMinutes,
            ciChanged: Boolean(v.ciChanged),
            ...(v.knowledgeRef?.trim() ? { knowledgeRef: v.knowledgeRef.trim() } : {}),
            ...(children.length > 0 ? { resolveChildren: Boolean(v.resolveChildren) } : {}),
          })
        }
      >
        <Typography.Paragraph type="secondary">{t('resolve.hint')}</Typography.Paragraph>
        <Form.Item name="cause" label={t('incident.cause')} rules={required(t('form.required'))}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} />
        </Form.Item>
        <Form.Item name="solution" label={t('incident.solution')} rules={required(t('form.required'))}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 14 }} maxLength={10000} />
        </Form.Item>
        <Form.Item
          name="timeSpentMinutes"
          label={t('desk.timeSpent')}
          extra={t('desk.timeSpentHint', { minutes: incident.desk.timeTotalMinutes })}
          rules={[{ required: true, type: 'number', min: 1, message: t('form.required') }]}
        >
          <InputNumber min={1} max={100000} precision={0} style={{ width: 160 }} data-testid="time-spent" />
        </Form.Item>
        <Form.Item name="knowledgeRef" label={t('desk.knowledgeRef')}>
          <Input maxLength={500} placeholder={t('desk.knowledgeRefPlaceholder')} />
        </Form.Item>
        <Form.Item name="ciChanged" label={t('desk.ciChanged')} valuePropName="checked">
          <Switch checkedChildren={t('desk.yes')} unCheckedChildren={t('desk.no')} />
        </Form.Item>
        {children.length > 0 && (
          <Form.Item name="resolveChildren" valuePropName="checked">
            <Checkbox data-testid="resolve-children">{t('desk.resolveChildren', { count: children.length })}</Checkbox>
          </Form.Item>
        )}
      </FormModal>

      <FormModal<{ callbackNote: string; callbackAt?: Dayjs }>
        open={dialog === 'archive'}
        title={t('action.archive')}
        okText={t('action.archive')}
        testId="archive"
        initialValues={{ callbackAt: dayjs() }}
        onClose={onClose}
        onSubmit={(v) =>
          submit('archive', 'archive', {
            callbackNote: v.callbackNote.trim(),
            ...(v.callbackAt ? { callbackAt: v.callbackAt.toISOString() } : {}),
          })
        }
      >
        <Typography.Paragraph type="secondary">{t('desk.callbackHint')}</Typography.Paragraph>
        <Form.Item name="callbackNote" label={t('desk.callbackNote')} rules={required(t('form.required'))}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="callbackAt" label={t('desk.callbackAt')}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </FormModal>

      <FormModal<{ groupId: string; assigneeId?: string; reason: string }>
        open={dialog === 'transfer'}
        title={t('action.transfer')}
        okText={t('action.transfer')}
        testId="transfer"
        onClose={onClose}
        onSubmit={(v) =>
          submit('transfer', 'transfer', {
            groupId: v.groupId,
            assigneeId: v.assigneeId ?? null,
            reason: v.reason.trim(),
          })
        }
      >
        <Typography.Paragraph type="secondary">{t('desk.transferHint')}</Typography.Paragraph>
        <TransferFields currentGroupId={incident.group?.id ?? null} />
        <Form.Item name="reason" label={t('desk.transferReason')} rules={required(t('form.required'))}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </FormModal>

      <FormModal<{ reason: string }>
        open={dialog === 'escalate'}
        title={t('action.escalate')}
        okText={t('action.escalate')}
        testId="escalate"
        onClose={onClose}
        onSubmit={(v) => submit('escalate', 'escalate', { reason: v.reason.trim() })}
      >
        <Typography.Paragraph type="secondary">{t('desk.escalateHint')}</Typography.Paragraph>
        <Form.Item name="reason" label={t('desk.escalateReason')} rules={required(t('form.required'))}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </FormModal>

      <FormModal<{ userId: string; note?: string }>
        open={dialog === 'invite'}
        title={t('action.invite')}
        okText={t('action.invite')}
        testId="invite"
        onClose={onClose}
        onSubmit={(v) =>
          submit('collaborators', 'invite', { userId: v.userId, ...(v.note?.trim() ? { note: v.note.trim() } : {}) })
        }
      >
        <Form.Item
          name="userId"
          label={t('desk.collaborator')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <UserPicker filter={{ staff: 'true' }} />
        </Form.Item>
        <Form.Item name="note" label={t('desk.inviteNote')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
        </Form.Item>
      </FormModal>

      <FormModal<{ reason?: string }>
        open={dialog === 'flagMajor'}
        title={major ? t('desk.majorOff') : t('desk.majorOn')}
        okText={major ? t('desk.majorOff') : t('desk.majorOn')}
        danger={!major}
        testId="major"
        onClose={onClose}
        onSubmit={(v) =>
          submit('major', 'flagMajor', { major: !major, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) })
        }
      >
        <Form.Item name="reason" label={t('desk.majorReason')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
        </Form.Item>
      </FormModal>

      <FormModal<{ body: string }>
        open={dialog === 'majorUpdate'}
        title={t('action.majorUpdate')}
        okText={t('action.majorUpdate')}
        testId="major-update"
        width={600}
        onClose={onClose}
        onSubmit={(v) => submit('major-updates', 'majorUpdate', { body: v.body.trim() })}
      >
        <Form.Item name="body" label={t('desk.majorUpdateBody')} rules={required(t('form.required'))}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} />
        </Form.Item>
      </FormModal>

      <FormModal<{ into: string }>
        open={dialog === 'merge'}
        title={t('action.merge')}
        okText={t('action.merge')}
        danger
        testId="merge"
        onClose={onClose}
        onSubmit={(v) => submit('merge', 'merge', { into: v.into.trim() })}
      >
        <Typography.Paragraph type="secondary">{t('desk.mergeHint')}</Typography.Paragraph>
        <Form.Item name="into" label={t('desk.mergeTarget')} rules={required(t('form.required'))}>
          <Input maxLength={64} placeholder="INC-2026-000123" />
        </Form.Item>
      </FormModal>

      <FormModal<{ minutes: number; workDate?: Dayjs; note?: string }>
        open={dialog === 'logTime'}
        title={t('action.logTime')}
        okText={t('action.logTime')}
        testId="log-time"
        initialValues={{ workDate: dayjs() }}
        onClose={onClose}
        onSubmit={(v) =>
          submit('time', 'logTime', {
            minutes: v.minutes,
            ...(v.workDate ? { workDate: v.workDate.format('YYYY-MM-DD') } : {}),
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          })
        }
      >
        <Form.Item
          name="minutes"
          label={t('desk.timeMinutes')}
          rules={[{ required: true, type: 'number', min: 1, message: t('form.required') }]}
        >
          <InputNumber min={1} max={1440} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="workDate" label={t('desk.timeDate')}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="note" label={t('desk.timeNote')}>
          <Input maxLength={500} />
        </Form.Item>
      </FormModal>
    </>
  );
}

function TransferFields({ currentGroupId }: { currentGroupId: string | null }) {
  const t = useT();
  const form = Form.useFormInstance<{ groupId?: string; assigneeId?: string }>();
  const groupId = Form.useWatch('groupId', form);
  const { data: groups, isPending } = useGroups();
  const active = (groups ?? []).filter((g) => g.active && g.id !== currentGroupId);
  const members = active.find((g) => g.id === groupId)?.members ?? [];
  return (
    <>
      <Form.Item
        name="groupId"
        label={t('desk.transferGroup')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Select
          loading={isPending}
          showSearch
          optionFilterProp="label"
          data-testid="transfer-group"
          options={active.map((g) => ({ value: g.id, label: `${g.name} · ${t(`tier.${g.tier}`)}` }))}
          onChange={() => form.setFieldValue('assigneeId', undefined)}
        />
      </Form.Item>
      <Form.Item name="assigneeId" label={t('incident.assignee')} extra={t('assign.memberHint')}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          disabled={!groupId}
          data-testid="transfer-member"
          options={members.map((m) => ({ value: m.id, label: m.name }))}
        />
      </Form.Item>
    </>
  );
}
