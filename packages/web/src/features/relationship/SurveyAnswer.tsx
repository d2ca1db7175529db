import type { SurveyForm, SurveyQuestion } from '@trellis/core/modules/relationship';
import { Alert, Button, Card, Checkbox, Form, Input, Radio, Rate, Result, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../app/api';
import { errorText, useFormErrorHandler } from '../../app/errors';
import { LOCALE_NAMES, useLocale, useT } from '../../app/i18n';
import { usePageTitle } from '../../app/usePageTitle';
import { fetchLinkForm, fetchPortalForm } from './api';

type Values = Record<string, number | string | string[] | undefined>;
const NPS_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function QuestionInput({
  q,
  value,
  onChange,
}: {
  q: SurveyQuestion;
  value?: unknown;
  onChange?: (v: unknown) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const optionLabel = (o: { label: { zh: string; en: string } }) => (locale === 'en-US' ? o.label.en : o.label.zh);
  switch (q.type) {
    case 'stars':
      return <Rate value={value as number} onChange={onChange} style={{ fontSize: 34 }} data-testid={`q-${q.id}`} />;
    case 'nps':
      return (
        <div data-testid={`q-${q.id}`}>
          <Radio.Group
            value={value}
            onChange={(e) => onChange?.(e.target.value)}
            optionType="button"
            buttonStyle="solid"
          >
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(6, 1fr)', gap: 6 }}>
              {NPS_VALUES.map((n) => (
                <Radio.Button key={n} value={n} style={{ textAlign: 'center', minWidth: 0 }}>
                  {n}
                </Radio.Button>
              ))}
            </div>
          </Radio.Group>
          <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 4 }}>
            <Typography.Text type="secondary">{t('rel.answer.npsLow')}</Typography.Text>
            <Typography.Text type="secondary">{t('rel.answer.npsHigh')}</Typography.Text>
          </div>
        </div>
      );
    case 'single':
      return (
        <Radio.Group value={value} onChange={(e) => onChange?.(e.target.value)} data-testid={`q-${q.id}`}>
          <Space direction="vertical">
            {(q.options ?? []).map((o) => (
              <Radio key={o.id} value={o.id}>
                {optionLabel(o)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      );
    case 'multiple':
      return (
        <Checkbox.Group value={value as string[]} onChange={(v) => onChange?.(v)} data-testid={`q-${q.id}`}>
          <Space direction="vertical">
            {(q.options ?? []).map((o) => (
              <Checkbox key={o.id} value={o.id}>
                {optionLabel(o)}
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      );
    default:
      return (
        <Input.TextArea
          value={value as string}
          onChange={(e) => onChange?.(e.target.value)}
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={4000}
          data-testid={`q-${q.id}`}
        />
      );
  }
}

/** The questions of one response in the reader's language; what the sign-off already answered is filled in. */
function AnswerForm({ form: survey, onSubmit }: { form: SurveyForm; onSubmit: (answers: Values) => Promise<unknown> }) {
  const t = useT();
  const { locale } = useLocale();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const handleError = useFormErrorHandler();
  const submit = async (values: Values) => {
    setBusy(true);
    try {
      const answers = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
      await onSubmit(answers);
    } catch (error) {
      handleError(form, error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" initialValues={survey.prefilled} onFinish={submit} data-testid="survey-form">
      {survey.questions.map((q, i) => (
        <Form.Item
          key={q.id}
          name={q.id}
          label={`${i + 1}. ${locale === 'en-US' ? q.label.en : q.label.zh}`}
          rules={q.required ? [{ required: true, message: t('rel.answer.required') }] : []}
        >
          <QuestionInput q={q} />
        </Form.Item>
      ))}
      <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="survey-submit">
        {t('rel.answer.submit')}
      </Button>
    </Form>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  const { locale, changeLocale } = useLocale();
  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 12 }} data-testid="survey-page">
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <Button size="small" type="link" onClick={() => changeLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
          {LOCALE_NAMES[locale === 'zh-CN' ? 'en-US' : 'zh-CN']}
        </Button>
      </div>
      {children}
    </div>
  );
}

function SurveyScreen({
  load,
  submit,
  back,
}: {
  load: () => Promise<SurveyForm>;
  submit: (answers: Values) => Promise<unknown>;
  back?: string;
}) {
  const t = useT();
  const [state, setState] = useState<{ form?: SurveyForm; error?: unknown; done?: boolean }>({});
  usePageTitle(t('rel.answer.title'));
  useEffect(() => {
    load().then(
      (form) => setState({ form }),
      (error) => setState({ error }),
    );
  }, [load]);
  if (state.done)
    return (
      <div data-testid="survey-thanks">
        <Result
          status="success"
          title={t('rel.answer.thanks')}
          subTitle={t('rel.answer.thanksDetail')}
          extra={back ? <Link to={back}>{t('common.back')}</Link> : undefined}
        />
      </div>
    );
  if (state.error)
    return (
      <div data-testid="survey-error">
        <Result
          status={state.error instanceof ApiError && state.error.code === 'survey.link_used' ? 'success' : 'warning'}
          title={errorText(state.error)}
        />
      </div>
    );
  if (!state.form) return <Spin style={{ display: 'block', margin: 48 }} />;
  const { form } = state;
  return (
    <Card title={<span style={{ whiteSpace: 'normal' }}>{form.surveyName}</span>} styles={{ body: { padding: 16 } }}>
      {form.record && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('rel.answer.about', { number: form.record.number, title: form.record.title })}
        />
      )}
      <AnswerForm
        form={form}
        onSubmit={async (answers) => {
          await submit(answers);
          setState({ form, done: true });
        }}
      />
      {form.expiresAt && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('rel.answer.expires', { at: dayjs(form.expiresAt).format('YYYY-MM-DD HH:mm') })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** /s/:token — the signed link from the mail: no sign-in, one use, a phone-width page. */
export function SurveyLinkPage() {
  const { token = '' } = useParams();
  const [load] = useState(() => () => fetchLinkForm(token));
  return (
    <Shell>
      <SurveyScreen
        load={load}
        submit={(answers) => api.post(`/survey-links/${encodeURIComponent(token)}`, { answers })}
      />
    </Shell>
  );
}

/** /portal/surveys/:id — the same survey, answered signed in. */
export function PortalSurveyPage() {
  const { id = '' } = useParams();
  const [load] = useState(() => () => fetchPortalForm(id));
  return (
    <SurveyScreen
      load={load}
      submit={(answers) => api.post(`/my/surveys/${encodeURIComponent(id)}`, { answers })}
      back="/portal/relationship"
    />
  );
}
