import { Card, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { type TranslationKey, useT } from '../../../app/i18n';
import { RegisterPage } from '../../../kit/RegisterPage';

interface Window {
  id: string;
  name: string;
  kind: 'maintenance' | 'blackout';
  startsAt: string;
  endsAt: string;
  recurrence: string;
  reason: string;
  active: boolean;
}
interface Template {
  id: string;
  name: string;
  content: string;
  backoutPlan: string;
  riskLevel: string;
  active: boolean;
}
interface Level {
  id: string;
  riskLevel: string;
  seq: number;
  name: string;
  rule: string;
  source: string;
  userIds: string[];
  active: boolean;
}
interface Question {
  id: string;
  textZh: string;
  textEn: string;
  weight: number;
  answers: { labelZh: string; labelEn: string; score: number }[];
  sort: number;
  active: boolean;
}
/** The questionnaire form: the answers as lines of `中文 | English | score`. */
type QuestionForm = Omit<Partial<Question>, 'answers'> & { answers?: string };

/** `中文 | English | 3` per line into the API's answers (a bad score goes to the server, which refuses it). */
export const parseAnswers = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [zh = '', en = '', score = ''] = l.split('|').map((p) => p.trim());
      return { labelZh: zh, labelEn: en || zh, score: score === '' ? Number.NaN : Number(score) };
    });
const answersText = (a: Question['answers']) => a.map((x) => `${x.labelZh} | ${x.labelEn} | ${x.score}`).join('\n');

const fmt = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');
const RISKS = ['low', 'medium', 'high', 'major'];

/** Change management settings for administrators: windows, standard templates, the risk questionnaire, approval levels. */
export function ChangeAdminPage() {
  const t = useT();
  const risk = RISKS.map((v) => ({ value: v, label: t(`change.risk.${v}` as TranslationKey) }));
  return (
    <Card>
      <Typography.Title level={4}>{t('chg.admin')}</Typography.Title>
      <Tabs
        items={[
          {
            key: 'windows',
            label: t('chg.admin.windows'),
            children: (
              <RegisterPage<Window, Partial<Window>>
                embedded
                archivable
                path="/change-windows"
                title={t('chg.admin.windows')}
                newLabel={t('chg.admin.newWindow')}
                testId="chg-window"
                defaults={{ kind: 'maintenance', recurrence: 'none' }}
                columns={[
                  { title: t('chg.subject'), dataIndex: 'name' },
                  {
                    title: t('chg.type'),
                    dataIndex: 'kind',
                    render: (k: string) => (
                      <Tag color={k === 'blackout' ? 'red' : 'blue'}>{t(`chg.admin.kind.${k}` as TranslationKey)}</Tag>
                    ),
                  },
                  { title: t('chg.plannedStart'), dataIndex: 'startsAt', render: fmt },
                  { title: t('chg.plannedEnd'), dataIndex: 'endsAt', render: fmt },
                  {
                    title: t('chg.admin.recurrence'),
                    dataIndex: 'recurrence',
                    render: (r: string) => t(`chg.admin.rec.${r}` as TranslationKey),
                  },
                ]}
                toBody={(v) => ({
                  ...v,
                  startsAt: v.startsAt ? new Date(v.startsAt).toISOString() : undefined,
                  endsAt: v.endsAt ? new Date(v.endsAt).toISOString() : undefined,
                })}
                fields={[
                  { name: 'name', label: t('chg.subject'), kind: 'text', required: true, maxLength: 200 },
                  {
                    name: 'kind',
                    label: t('chg.type'),
                    kind: 'select',
                    options: ['maintenance', 'blackout'].map((v) => ({
                      value: v,
                      label: t(`chg.admin.kind.${v}` as TranslationKey),
                    })),
                  },
                  {
                    name: 'startsAt',
                    label: t('chg.plannedStart'),
                    kind: 'text',
                    required: true,
                    placeholder: '2026-12-12 22:00',
                  },
                  {
                    name: 'endsAt',
                    label: t('chg.plannedEnd'),
                    kind: 'text',
                    required: true,
                    placeholder: '2026-12-13 06:00',
                  },
                  {
                    name: 'recurrence',
                    label: t('chg.admin.recurrence'),
                    kind: 'select',
                    options: ['none', 'daily', 'weekly', 'monthly'].map((v) => ({
                      value: v,
                      label: t(`chg.admin.rec.${v}` as TranslationKey),
                    })),
                  },
                  { name: 'reason', label: t('chg.reason'), kind: 'text', maxLength: 2000 },
                ]}
              />
            ),
          },
          {
            key: 'templates',
            label: t('chg.admin.templates'),
            children: (
              <RegisterPage<Template, Partial<Template>>
                embedded
                archivable
                path="/change-templates"
                title={t('chg.admin.templates')}
                newLabel={t('chg.admin.newTemplate')}
                testId="chg-template"
                defaults={{ riskLevel: 'low' }}
                columns={[
                  { title: t('chg.subject'), dataIndex: 'name' },
                  {
                    title: t('chg.risk'),
                    dataIndex: 'riskLevel',
                    render: (v: string) => t(`change.risk.${v}` as TranslationKey),
                  },
                ]}
                fields={[
                  { name: 'name', label: t('chg.subject'), kind: 'text', required: true, maxLength: 200 },
                  { name: 'content', label: t('chg.content'), kind: 'textarea' },
                  { name: 'backoutPlan', label: t('chg.backout'), kind: 'textarea', required: true },
                  { name: 'riskLevel', label: t('chg.risk'), kind: 'select', options: risk },
                ]}
              />
            ),
          },
          {
            key: 'risk',
            label: t('chg.admin.risk'),
            children: (
              <RegisterPage<Question, QuestionForm>
                embedded
                archivable
                path="/change-risk-questions"
                title={t('chg.admin.risk')}
                newLabel={t('chg.admin.newQuestion')}
                testId="chg-question"
                defaults={{ weight: 1, sort: 0 }}
                toForm={(q) => ({ ...q, answers: answersText(q.answers) })}
                toBody={(v) => ({ ...v, answers: v.answers === undefined ? undefined : parseAnswers(v.answers) })}
                columns={[
                  { title: t('chg.admin.sort'), dataIndex: 'sort' },
                  { title: t('chg.admin.textZh'), dataIndex: 'textZh' },
                  { title: t('chg.admin.textEn'), dataIndex: 'textEn' },
                  { title: t('chg.admin.weight'), dataIndex: 'weight' },
                  {
                    title: t('chg.admin.answers'),
                    dataIndex: 'answers',
                    render: (a: Question['answers']) => a.map((x) => `${x.labelZh} (${x.score})`).join(' / '),
                  },
                ]}
                fields={[
                  { name: 'textZh', label: t('chg.admin.textZh'), kind: 'text', required: true, maxLength: 500 },
                  { name: 'textEn', label: t('chg.admin.textEn'), kind: 'text', required: true, maxLength: 500 },
                  { name: 'weight', label: t('chg.admin.weight'), kind: 'number' },
                  { name: 'sort', label: t('chg.admin.sort'), kind: 'number' },
                  {
                    name: 'answers',
                    label: t('chg.admin.answers'),
                    kind: 'textarea',
                    required: true,
                    extra: t('chg.admin.answersHelp'),
                    placeholder: '低 | Low | 1',
                  },
                ]}
              />
            ),
          },
          {
            key: 'levels',
            label: t('chg.admin.levels'),
            children: (
              <RegisterPage<Level, Partial<Level>>
                embedded
                archivable
                path="/change-approval-levels"
                title={t('chg.admin.levels')}
                newLabel={t('chg.admin.newLevel')}
                testId="chg-level"
                defaults={{ riskLevel: 'low', rule: 'any', source: 'change_managers', seq: 1 }}
                columns={[
                  {
                    title: t('chg.risk'),
                    dataIndex: 'riskLevel',
                    render: (v: string) => t(`change.risk.${v}` as TranslationKey),
                  },
                  { title: '#', dataIndex: 'seq' },
                  { title: t('chg.level'), dataIndex: 'name' },
                  {
                    title: t('chg.rule'),
                    dataIndex: 'rule',
                    render: (v: string) => t(`chg.rule.${v}` as TranslationKey),
                  },
                  {
                    title: t('chg.approvers'),
                    dataIndex: 'source',
                    render: (v: string) => t(`chg.admin.source.${v}` as TranslationKey),
                  },
                ]}
                fields={[
                  { name: 'riskLevel', label: t('chg.risk'), kind: 'select', options: risk, createOnly: true },
                  { name: 'seq', label: '#', kind: 'number' },
                  { name: 'name', label: t('chg.level'), kind: 'text', required: true },
                  {
                    name: 'rule',
                    label: t('chg.rule'),
                    kind: 'select',
                    options: ['any', 'all', 'majority'].map((v) => ({
                      value: v,
                      label: t(`chg.rule.${v}` as TranslationKey),
                    })),
                  },
                  {
                    name: 'source',
                    label: t('chg.approvers'),
                    kind: 'select',
                    options: ['change_managers', 'cab', 'service_owners', 'users'].map((v) => ({
                      value: v,
                      label: t(`chg.admin.source.${v}` as TranslationKey),
                    })),
                  },
                  {
                    name: 'userIds',
                    label: t('chg.admin.users'),
                    kind: 'select',
                    mode: 'multiple',
                    source: { path: '/users', params: { staff: 'true' }, search: 'q' },
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
