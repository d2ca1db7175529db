import {
  IMPACTS,
  type Impact,
  type Incident,
  type IncidentAbilities,
  levelFor,
  type PriorityMatrix,
  URGENCIES,
  type Urgency,
} from '@trellis/core';
import { App as AntApp, Button, Form, Input, Rate, Select, Space, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useReportError } from '../../../app/errors';
import { useLocale, useT } from '../../../app/i18n';
import { categoryTree, useCategories, useGroups, usePriorityMatrix, useServices } from '../../../app/reference';
import { FormModal } from '../../../kit/FormModal';
import { LevelTag } from '../../../kit/tags';
import type { IncidentActionName } from '../api';
import { type DeskDialog, DeskDialogs } from './DeskDialogs';
import { LevelGuide } from './LevelGuide';

export type RunAction = (action: IncidentActionName, body?: unknown) => Promise<Incident>;

type Dialog = 'assign' | 'classify' | 'confirm' | 'reopen' | 'cancel' | DeskDialog;

const ORDER: (keyof IncidentAbilities)[] = [
  'take',
  'transfer',
  'assign',
  'classify',
  'escalate',
  'invite',
  'hold',
  'resume',
  'logTime',
  'resolve',
  'confirm',
  'reopen',
  'archive',
  'flagMajor',
  'majorUpdate',
  'merge',
  'cancel',
];

/** Buttons for exactly the actions the server allows now (abilities); dialogs collect their input. */
export function IncidentActionBar({ incident, run }: { incident: Incident; run: RunAction }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const reportError = useReportError();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const close = () => setDialog(null);

  const direct = async (action: 'take' | 'resume') => {
    setBusy(action);
    try {
      await run(action);
      void message.success(t('incident.actionDone', { action: t(`action.${action}`) }));
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(null);
    }
  };
  const submit = async (action: IncidentActionName, name: string, body: unknown) => {
    await run(action, body);
    void message.success(t('incident.actionDone', { action: t(`action.${name as 'take'}`) }));
  };

  // Progress updates only make sense once the incident is flagged as major.
  const visible = ORDER.filter(
    (action) => incident.abilities[action] && (action !== 'majorUpdate' || incident.desk.major !== null),
  );
  if (visible.length === 0) return null;

  return (
    <>
      <Space wrap data-testid="incident-actions">
        {visible.map((action) => {
          const label = t(`action.${action as 'take'}`);
          switch (action) {
            case 'take':
            case 'resume':
              return (
                <Button
                  key={action}
                  type={action === 'take' ? 'primary' : 'default'}
                  loading={busy === action}
                  onClick={() => direct(action)}
                  data-action={action}
                >
                  {label}
                </Button>
              );
            default:
              return (
                <Button
                  key={action}
                  type={action === 'resolve' || action === 'confirm' ? 'primary' : 'default'}
                  danger={action === 'cancel' || (action === 'flagMajor' && incident.desk.major === null)}
                  onClick={() => setDialog(action as Dialog)}
                  data-action={action}
                >
                  {action === 'flagMajor' && incident.desk.major !== null ? t('desk.majorOff') : label}
                </Button>
              );
          }
        })}
      </Space>

      <FormModal<AssignValues>
        open={dialog === 'assign'}
        title={t('action.assign')}
        testId="assign"
        initialValues={{ groupId: incident.group?.id, assigneeId: incident.assignee?.id }}
        onClose={close}
        onSubmit={(values) =>
          submit('assign', 'assign', {
            groupId: values.groupId ?? null,
            assigneeId: values.assigneeId ?? null,
            ...(values.note?.trim() ? { note: values.note.trim() } : {}),
          })
        }
      >
        <AssignFields />
      </FormModal>

      <FormModal<ClassifyValues>
        open={dialog === 'classify'}
        title={t('action.classify')}
        testId="classify"
        width={720}
        initialValues={{
          categoryId: incident.categoryId ?? undefined,
          serviceId: incident.desk.service?.id,
          impact: incident.impact,
          urgency: incident.urgency,
        }}
        onClose={close}
        onSubmit={(values) =>
          submit('classify', 'classify', {
            categoryId: values.categoryId ?? null,
            ...(values.serviceId !== incident.desk.service?.id ? { serviceId: values.serviceId ?? null } : {}),
            impact: values.impact,
            urgency: values.urgency,
          })
        }
      >
        <ClassifyFields />
      </FormModal>

      <ReasonModal
        open={dialog === 'cancel'}
        title={t('action.cancel')}
        label={t('incident.cancelReason')}
        testId="cancel"
        danger
        onClose={close}
        onSubmit={(reason) => submit('cancel', 'cancel', { reason })}
      />
      <ReasonModal
        open={dialog === 'reopen'}
        title={t('action.reopen')}
        label={t('incident.reopenReason')}
        testId="reopen"
        onClose={close}
        onSubmit={(reason) => submit('reopen', 'reopen', { reason })}
      />

      <DeskDialogs incident={incident} dialog={dialog} onClose={close} submit={submit} />

      <FormModal<{ rating: number; comment?: string }>
        open={dialog === 'confirm'}
        title={t('action.confirm')}
        okText={t('action.confirm')}
        testId="confirm"
        onClose={close}
        onSubmit={(values) =>
          submit('confirm', 'confirm', {
            rating: values.rating,
            ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
          })
        }
      >
        <Typography.Paragraph type="secondary">{t('confirm.hint')}</Typography.Paragraph>
        <Form.Item
          name="rating"
          label={t('confirm.rating')}
          rules={[{ required: true, type: 'number', min: 1, message: t('confirm.ratingRequired') }]}
        >
          <Rate data-testid="rating" />
        </Form.Item>
        <Form.Item name="comment" label={t('confirm.comment')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </>
  );
}

interface AssignValues {
  groupId?: string;
  assigneeId?: string;
  note?: string;
}

function AssignFields() {
  const t = useT();
  const form = Form.useFormInstance<AssignValues>();
  const groupId = Form.useWatch('groupId', form);
  const { data: groups, isPending } = useGroups();
  const active = (groups ?? []).filter((g) => g.active);
  const members = active.find((g) => g.id === groupId)?.members ?? [];
  return (
    <>
      <Form.Item name="groupId" label={t('incident.group')} rules={[{ required: true, message: t('form.required') }]}>
        <Select
          loading={isPending}
          showSearch
          optionFilterProp="label"
          data-testid="assign-group"
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
          data-testid="assign-member"
          options={members.map((m) => ({ value: m.id, label: m.name }))}
        />
      </Form.Item>
      <Form.Item name="note" label={t('assign.note')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
    </>
  );
}

interface ClassifyValues {
  categoryId?: string;
  serviceId?: string;
  impact: Impact;
  urgency: Urgency;
}

function ClassifyFields() {
  const t = useT();
  const { locale } = useLocale();
  const form = Form.useFormInstance<ClassifyValues>();
  const impact = Form.useWatch('impact', form);
  const urgency = Form.useWatch('urgency', form);
  const { data: categories, isPending } = useCategories();
  const { data: matrix } = usePriorityMatrix();
  const tree = useMemo(() => categoryTree(categories ?? [], locale, { activeOnly: true }), [categories, locale]);
  const level =
    impact && urgency ? levelFor(impact, urgency, (matrix?.matrix as PriorityMatrix | undefined) ?? undefined) : null;
  return (
    <>
      <Form.Item name="categoryId" label={t('incident.category')}>
        <TreeSelect
          allowClear
          showSearch
          treeNodeFilterProp="title"
          loading={isPending}
          treeData={tree}
          treeDefaultExpandAll
          data-testid="classify-category"
          placeholder={t('classify.categoryPlaceholder')}
        />
      </Form.Item>
      <ServiceField />
      <Space wrap align="start" style={{ width: '100%' }}>
        <Form.Item name="impact" label={t('incident.impact')} rules={[{ required: true, message: t('form.required') }]}>
          <Select
            style={{ width: 200 }}
            data-testid="classify-impact"
            options={IMPACTS.map((i) => ({ value: i, label: t(`impact.${i}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="urgency"
          label={t('incident.urgency')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            style={{ width: 200 }}
            data-testid="classify-urgency"
            options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('classify.resultingLevel')}>
          <span data-testid="classify-level">{level ? <LevelTag level={level} /> : '—'}</span>
        </Form.Item>
      </Space>
      <LevelGuide data={matrix} impact={impact} urgency={urgency} />
    </>
  );
}

function ReasonModal({
  open,
  title,
  label,
  danger,
  testId,
  onClose,
  onSubmit,
}: {
  open: boolean;
  title: string;
  label: string;
  danger?: boolean;
  testId: string;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<unknown>;
}) {
  const t = useT();
  return (
    <FormModal<{ reason: string }>
      open={open}
      title={title}
      okText={title}
      danger={danger}
      testId={testId}
      onClose={onClose}
      onSubmit={(values) => onSubmit(values.reason.trim())}
    >
      <Form.Item
        name="reason"
        label={label}
        rules={[{ required: true, whitespace: true, message: t('form.required') }]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} />
      </Form.Item>
    </FormModal>
  );
}

function ServiceField() {
  const t = useT();
  const { locale } = useLocale();
  const { data: services, isPending } = useServices();
  return (
    <Form.Item name="serviceId" label={t('desk.service')}>
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        loading={isPending}
        placeholder={t('desk.servicePlaceholder')}
        data-testid="classify-service"
        options={(services ?? [])
          .filter((s) => s.active)
          .map((s) => ({ value: s.id, label: locale === 'en-US' ? s.nameEn : s.nameZh }))}
      />
    </Form.Item>
  );
}
