import type { ArticleInput } from '@trellis/core';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useFormErrorHandler } from '../../../app/errors';
import { useLocale, useT } from '../../../app/i18n';
import { useCategories, useGroups } from '../../../app/reference';
import { usePageTitle } from '../../../app/usePageTitle';
import { useArticle, useArticleMutations, usePrefill } from '../api';
import { RichTextEditor } from '../components/RichTextEditor';

interface FormValues {
  title: string;
  body: string;
  categoryId?: string | null;
  tags: string[];
  audience: 'requesters' | 'agents' | 'group';
  audienceGroupId?: string | null;
  reviewDate?: Dayjs | null;
  changeNote?: string;
}

/**
 * New article (optionally prefilled from a resolved incident's handling record or a known error:
 * /console/knowledge/new?fromIncident=<id>) and editing an existing one.
 */
export function ArticleEditPage() {
  const t = useT();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const fromIncident = params.get('fromIncident') ?? undefined;
  const fromProblem = params.get('fromProblem') ?? undefined;
  const editing = id !== '';
  const existing = useArticle(id);
  const prefill = usePrefill({ fromIncident, fromProblem });
  const { data: categories } = useCategories();
  const { locale } = useLocale();
  const { data: groups } = useGroups();
  const { create, update } = useArticleMutations();
  const [form] = Form.useForm<FormValues>();
  const handleError = useFormErrorHandler();
  const audience = Form.useWatch('audience', form);
  usePageTitle(editing ? existing.data?.number : t('kb.new'));

  useEffect(() => {
    const source = editing ? existing.data : prefill.data;
    if (!source) return;
    form.setFieldsValue({
      title: source.title,
      body: source.body,
      categoryId: source.categoryId,
      tags: source.tags,
      audience: source.audience,
      ...('audienceGroup' in source ? { audienceGroupId: source.audienceGroup?.id ?? null } : {}),
      ...('reviewDate' in source && source.reviewDate ? { reviewDate: dayjs(source.reviewDate) } : {}),
    });
  }, [editing, existing.data, prefill.data, form]);

  if ((editing && existing.isPending) || ((fromIncident || fromProblem) && prefill.isPending)) return <Spin />;

  const submit = (values: FormValues) => {
    const body = {
      title: values.title,
      body: values.body ?? '',
      categoryId: values.categoryId ?? null,
      tags: values.tags ?? [],
      audience: values.audience,
      audienceGroupId: values.audience === 'group' ? (values.audienceGroupId ?? null) : null,
      reviewDate: values.reviewDate ? values.reviewDate.format('YYYY-MM-DD') : null,
    };
    const done = (article: { id: string }) => navigate(`/console/knowledge/${encodeURIComponent(article.id)}`);
    if (editing) {
      update.mutate(
        { id, body: { ...body, changeNote: values.changeNote || undefined } },
        { onSuccess: done, onError: (e) => handleError(form, e) },
      );
    } else {
      const input: ArticleInput = {
        ...body,
        sourceIncidentId: prefill.data?.sourceIncidentId ?? null,
        sourceProblemId: prefill.data?.sourceProblemId ?? null,
      };
      create.mutate(input, { onSuccess: done, onError: (e) => handleError(form, e) });
    }
  };

  return (
    <Card>
      <Typography.Title level={4}>
        {editing ? `${t('common.edit')} ${existing.data?.number ?? ''}` : t('kb.new')}
      </Typography.Title>
      {prefill.data && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('kb.prefilledFrom', { number: prefill.data.sourceNumber })}
        />
      )}
      {prefill.isError && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={prefill.error.message} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ audience: 'agents', tags: [] }}
        onFinish={submit}
      >
        <Form.Item
          name="title"
          label={t('kb.titleField')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={200} data-testid="article-title" />
        </Form.Item>
        <Form.Item name="body" label={t('kb.body')} rules={[{ required: true, message: t('form.required') }]}>
          <RichTextEditor />
        </Form.Item>
        <Space wrap size="large" align="start">
          <Form.Item name="categoryId" label={t('kb.category')}>
            <Select
              allowClear
              style={{ width: 220 }}
              options={(categories ?? []).map((c) => ({
                value: c.id,
                label: locale === 'en-US' ? c.nameEn : c.nameZh,
              }))}
            />
          </Form.Item>
          <Form.Item name="tags" label={t('kb.tags')}>
            <Select mode="tags" style={{ width: 260 }} tokenSeparators={[',', '，']} />
          </Form.Item>
          <Form.Item name="audience" label={t('kb.audience')}>
            <Select
              style={{ width: 200 }}
              data-testid="article-audience"
              options={(['requesters', 'agents', 'group'] as const).map((a) => ({
                value: a,
                label: t(`article.audience.${a}`),
              }))}
            />
          </Form.Item>
          {audience === 'group' && (
            <Form.Item
              name="audienceGroupId"
              label={t('kb.audienceGroup')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Select style={{ width: 200 }} options={(groups ?? []).map((g) => ({ value: g.id, label: g.name }))} />
            </Form.Item>
          )}
          <Form.Item name="reviewDate" label={t('kb.reviewDate')}>
            <DatePicker />
          </Form.Item>
        </Space>
        {editing && (
          <Form.Item name="changeNote" label={t('kb.changeNote')}>
            <Input maxLength={500} />
          </Form.Item>
        )}
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            loading={create.isPending || update.isPending}
            data-testid="article-save"
          >
            {t('kb.saveDraft')}
          </Button>
          <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
