import { type CustomerContract, REPORT_CYCLES, type ServiceReview } from '@trellis/core/modules/relationship';
import { Card, Tabs, Tag, Typography } from 'antd';
import { type TranslationKey, useLocale, useT } from '../../app/i18n';
import { useOrganizations, useServices } from '../../app/reference';
import { useCan } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { RegisterPage } from '../../kit/RegisterPage';

const DATE = [{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }];

interface ContractForm extends Omit<Partial<CustomerContract>, 'services'> {
  serviceIds?: string[];
}
interface ReviewForm extends Omit<Partial<ServiceReview>, 'actions' | 'changeRequests'> {
  actionsText?: string;
  changesText?: string;
}

/** Action items as lines: `[x] title | owner | YYYY-MM-DD` (x: done). */
const actionsToText = (actions: ServiceReview['actions']) =>
  actions.map((a) => `[${a.done ? 'x' : ' '}] ${a.title} | ${a.owner} | ${a.dueDate ?? ''}`).join('\n');
const textToActions = (text: string, before: ServiceReview['actions']) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const done = /^\[x\]/i.test(line);
      const [title = '', owner = '', due = ''] = line
        .replace(/^\[[ x]?\]\s*/i, '')
        .split('|')
        .map((p) => p.trim());
      return { id: before[i]?.title === title ? before[i]?.id : undefined, title, owner, dueDate: due || null, done };
    });
/** Change requests as lines: `sla|scope: description [proposed|approved|rejected]`. */
const changesToText = (changes: ServiceReview['changeRequests']) =>
  changes.map((c) => `${c.kind}: ${c.description} [${c.status}]`).join('\n');
const textToChanges = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const kind = line.toLowerCase().startsWith('scope') ? 'scope' : 'sla';
      const status = /\[(approved|rejected)\]\s*$/.exec(line)?.[1] ?? 'proposed';
      const description = line
        .replace(/^(sla|scope)\s*:\s*/i, '')
        .replace(/\s*\[(proposed|approved|rejected)\]\s*$/, '');
      return { kind, description, status };
    });

function ContractsTab({ embedded }: { embedded?: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const organizations = useOrganizations();
  const services = useServices();
  const canWrite = useCan('customer_relationship.write');
  const orgName = (id: string) => organizations.data?.find((o) => o.id === id)?.name ?? '';
  return (
    <RegisterPage<CustomerContract & { id: string }, ContractForm>
      embedded={embedded}
      path="/customer-contracts"
      title={t('rel.contracts.title')}
      newLabel={t('rel.contracts.new')}
      testId="customer-contract"
      canCreate={canWrite}
      canEdit={() => canWrite}
      archivable={canWrite}
      defaults={{ reportCycle: 'monthly', currency: 'CNY', renewalReminderDays: 60, contacts: [] }}
      toForm={(c) => ({ ...c, serviceIds: c.services.map((s) => s.serviceId) })}
      toBody={(values, item) => {
        const { serviceIds, ...rest } = values;
        const kept = item?.services ?? [];
        return {
          ...rest,
          ...(serviceIds
            ? {
                services: serviceIds.map(
                  (id) => kept.find((s) => s.serviceId === id) ?? { serviceId: id, slaId: null },
                ),
              }
            : {}),
          value: rest.value ?? null,
          renewalOn: rest.renewalOn || null,
          ...(item ? { organizationId: undefined } : {}),
        };
      }}
      columns={[
        { title: t('rel.contracts.number'), dataIndex: 'number', width: 140 },
        { title: t('rel.contracts.name'), dataIndex: 'name' },
        { title: t('rel.complaint.organization'), dataIndex: 'organizationId', render: orgName },
        { title: t('rel.contracts.period'), render: (_, c) => `${c.startsOn} – ${c.endsOn}` },
        {
          title: t('rel.contracts.reportCycle'),
          dataIndex: 'reportCycle',
          render: (c: string) => t(`rel.cycle.${c}` as TranslationKey),
        },
        {
          title: t('rel.contracts.renewalOn'),
          dataIndex: 'renewalOn',
          render: (v: string | null, c) => (
            <>
              {v ?? '—'} {c.renewalDue && <Tag color="orange">{t('rel.contracts.renewalDue')}</Tag>}
            </>
          ),
        },
      ]}
      fields={[
        { name: 'number', label: t('rel.contracts.number'), kind: 'text', required: true, maxLength: 40 },
        {
          name: 'organizationId',
          label: t('rel.complaint.organization'),
          kind: 'select',
          required: true,
          createOnly: true,
          options: (organizations.data ?? [])
            .filter((o) => o.kind === 'customer')
            .map((o) => ({ value: o.id, label: o.name })),
        },
        { name: 'name', label: t('rel.contracts.name'), kind: 'text', required: true, maxLength: 200 },
        {
          name: 'startsOn',
          label: t('rel.contracts.startsOn'),
          kind: 'text',
          required: true,
          rules: DATE,
          placeholder: '2026-01-01',
        },
        {
          name: 'endsOn',
          label: t('rel.contracts.endsOn'),
          kind: 'text',
          required: true,
          rules: DATE,
          placeholder: '2026-12-31',
        },
        {
          name: 'serviceIds',
          label: t('rel.contracts.services'),
          kind: 'select',
          mode: 'multiple',
          options: (services.data ?? []).map((s) => ({ value: s.id, label: locale === 'zh-CN' ? s.nameZh : s.nameEn })),
        },
        {
          name: 'reportCycle',
          label: t('rel.contracts.reportCycle'),
          kind: 'select',
          options: REPORT_CYCLES.map((c) => ({ value: c, label: t(`rel.cycle.${c}` as TranslationKey) })),
        },
        { name: 'contacts', label: t('rel.contracts.contacts'), kind: 'select', mode: 'tags' },
        { name: 'value', label: t('rel.contracts.value'), kind: 'number' },
        { name: 'currency', label: t('rel.contracts.currency'), kind: 'text', maxLength: 3 },
        {
          name: 'renewalOn',
          label: t('rel.contracts.renewalOn'),
          kind: 'text',
          rules: DATE,
          placeholder: '2026-12-31',
        },
        { name: 'renewalReminderDays', label: t('rel.contracts.reminderDays'), kind: 'number' },
        { name: 'active', label: t('rel.survey.active'), kind: 'switch', editOnly: true },
      ]}
    />
  );
}

function ReviewsTab({ embedded }: { embedded?: boolean }) {
  const t = useT();
  const organizations = useOrganizations();
  const canWrite = useCan('customer_relationship.write');
  const orgName = (id: string) => organizations.data?.find((o) => o.id === id)?.name ?? '';
  return (
    <RegisterPage<ServiceReview, ReviewForm>
      embedded={embedded}
      path="/service-reviews"
      title={t('rel.reviews.title')}
      newLabel={t('rel.reviews.new')}
      testId="service-review"
      canCreate={canWrite}
      canEdit={() => canWrite}
      archivable={canWrite}
      defaults={{ cycle: 'quarterly', attendees: [] }}
      toForm={(r) => ({ ...r, actionsText: actionsToText(r.actions), changesText: changesToText(r.changeRequests) })}
      toBody={(values, item) => {
        const { actionsText, changesText, ...rest } = values;
        if (!item) return rest;
        return {
          ...rest,
          organizationId: undefined,
          cycle: undefined,
          actions: textToActions(actionsText ?? '', item.actions),
          changeRequests: textToChanges(changesText ?? ''),
        };
      }}
      columns={[
        { title: t('rel.reviews.scheduledOn'), dataIndex: 'scheduledOn', width: 120 },
        { title: t('rel.reviews.titleField'), dataIndex: 'title' },
        { title: t('rel.complaint.organization'), dataIndex: 'organizationId', render: orgName },
        {
          title: t('rel.complaint.state'),
          dataIndex: 'state',
          render: (s: string) => t(`rel.review.state.${s}` as TranslationKey),
        },
        {
          title: t('rel.reviews.actions'),
          render: (_, r) => `${r.actions.filter((a) => a.done).length} / ${r.actions.length}`,
        },
      ]}
      fields={[
        {
          name: 'organizationId',
          label: t('rel.complaint.organization'),
          kind: 'select',
          required: true,
          createOnly: true,
          options: (organizations.data ?? [])
            .filter((o) => o.kind === 'customer')
            .map((o) => ({ value: o.id, label: o.name })),
        },
        { name: 'title', label: t('rel.reviews.titleField'), kind: 'text', required: true, maxLength: 200 },
        {
          name: 'scheduledOn',
          label: t('rel.reviews.scheduledOn'),
          kind: 'text',
          required: true,
          rules: DATE,
          placeholder: '2026-12-31',
        },
        {
          name: 'cycle',
          label: t('rel.reviews.cycle'),
          kind: 'select',
          createOnly: true,
          options: (['monthly', 'quarterly'] as const).map((c) => ({ value: c, label: t(`rel.cycle.${c}`) })),
        },
        { name: 'attendees', label: t('rel.reviews.attendees'), kind: 'select', mode: 'tags' },
        { name: 'agenda', label: t('rel.reviews.agenda'), kind: 'textarea', extra: t('rel.reviews.agendaHint') },
        { name: 'minutes', label: t('rel.reviews.minutes'), kind: 'textarea', editOnly: true },
        { name: 'decisions', label: t('rel.reviews.decisions'), kind: 'textarea', editOnly: true },
        {
          name: 'actionsText',
          label: t('rel.reviews.actions'),
          kind: 'textarea',
          editOnly: true,
          extra: t('rel.reviews.actionsHint'),
        },
        {
          name: 'changesText',
          label: t('rel.reviews.changes'),
          kind: 'textarea',
          editOnly: true,
          extra: t('rel.reviews.changesHint'),
        },
        {
          name: 'state',
          label: t('rel.complaint.state'),
          kind: 'select',
          editOnly: true,
          options: (['scheduled', 'held', 'closed'] as const).map((s) => ({
            value: s,
            label: t(`rel.review.state.${s}`),
          })),
        },
      ]}
    />
  );
}

/** 客户合同与服务评审 in the console. */
export function CustomersPage() {
  const t = useT();
  usePageTitle(t('rel.customers.title'));
  return (
    <Card>
      <Typography.Title level={4}>{t('rel.customers.title')}</Typography.Title>
      <Tabs
        items={[
          { key: 'contracts', label: t('rel.contracts.title'), children: <ContractsTab embedded /> },
          { key: 'reviews', label: t('rel.reviews.title'), children: <ReviewsTab embedded /> },
        ]}
      />
    </Card>
  );
}

/** The customer manager's read-only view in the portal (the server scopes the rows to their organisation). */
export function PortalCustomerRegisters() {
  return (
    <>
      <ContractsTab embedded />
      <ReviewsTab embedded />
    </>
  );
}
