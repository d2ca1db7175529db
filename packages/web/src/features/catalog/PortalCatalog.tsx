import {
  AppstoreOutlined,
  ArrowLeftOutlined,
  CarOutlined,
  LaptopOutlined,
  LockOutlined,
  MailOutlined,
  PhoneOutlined,
  PrinterOutlined,
  ToolOutlined,
  UploadOutlined,
  UserOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import { type CatalogItem, type FormField, isFieldShown, type ServiceRequest } from '@trellis/core';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Result,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../app/api';
import { useFormErrorHandler } from '../../app/errors';
import { useLocale } from '../../app/i18n';
import { FullPageSpin } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { pick, useCatalogItem, useCatalogItems, usePeople } from './api';

export const ICONS: Record<string, ReactNode> = {
  laptop: <LaptopOutlined />,
  user: <UserOutlined />,
  appstore: <AppstoreOutlined />,
  car: <CarOutlined />,
  printer: <PrinterOutlined />,
  tool: <ToolOutlined />,
  mail: <MailOutlined />,
  lock: <LockOutlined />,
  wifi: <WifiOutlined />,
  phone: <PhoneOutlined />,
};

/** 服务目录 in the portal: items grouped by business service, one column at phone width. */
export function CatalogPage() {
  const { t, locale } = useLocale();
  const navigate = useNavigate();
  const { data, isPending } = useCatalogItems();
  usePageTitle(t('catalog.portal'));
  const byService = useMemo(() => {
    const map = new Map<string, { name: string; items: CatalogItem[] }>();
    for (const item of data ?? []) {
      const entry = map.get(item.serviceId) ?? {
        name: pick(locale, item.serviceNameZh, item.serviceNameEn),
        items: [],
      };
      entry.items.push(item);
      map.set(item.serviceId, entry);
    }
    return [...map.values()];
  }, [data, locale]);
  if (isPending) return <FullPageSpin />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/portal">
        <ArrowLeftOutlined /> {t('request.myRecords')}
      </Link>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('catalog.portal')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('catalog.portal.intro')}</Typography.Text>
      {byService.length === 0 && <Empty description={t('catalog.portal.empty')} />}
      {byService.map((service) => (
        <Card key={service.name} size="small" title={service.name} styles={{ body: { padding: 0 } }}>
          <List
            dataSource={service.items}
            renderItem={(item) => (
              <List.Item
                style={{ padding: '12px 16px', cursor: 'pointer' }}
                onClick={() => navigate(`/portal/catalog/${item.id}`)}
                data-testid="catalog-item"
              >
                <List.Item.Meta
                  avatar={<span style={{ fontSize: 22, color: '#1f6f5c' }}>{ICONS[item.icon] ?? ICONS.appstore}</span>}
                  title={pick(locale, item.nameZh, item.nameEn)}
                  description={
                    <Space direction="vertical" size={2}>
                      <span>{pick(locale, item.descriptionZh, item.descriptionEn)}</span>
                      {item.approvals.length > 0 && <Tag color="orange">{t('catalog.needsApproval')}</Tag>}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      ))}
    </Space>
  );
}

function PersonSelect(props: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const { t } = useLocale();
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const { data, isFetching } = usePeople(q);
  return (
    <Select<string>
      {...props}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setTyped}
      loading={isFetching}
      placeholder={t('catalog.pickPerson')}
      notFoundContent={isFetching ? t('common.loading') : t('common.noMatch')}
      options={(data ?? []).map((p) => ({
        value: p.id,
        label: p.departmentName ? `${p.name} · ${p.departmentName}` : p.name,
      }))}
    />
  );
}

/** Form.Item hands value and onChange to its child: they must reach the control. */
function FieldInput({ field, ...control }: { field: FormField; value?: never; onChange?: never; id?: string }) {
  const { t, locale } = useLocale();
  const props = control as Record<string, unknown>;
  switch (field.type) {
    case 'text':
      return field.multiline ? (
        <Input.TextArea {...props} rows={3} maxLength={2000} />
      ) : (
        <Input {...props} maxLength={200} />
      );
    case 'asset':
      return <Input {...props} maxLength={200} placeholder={t('catalog.assetHint')} />;
    case 'number':
      return (
        <InputNumber {...props} style={{ width: '100%' }} min={field.min ?? undefined} max={field.max ?? undefined} />
      );
    case 'date':
      return <DatePicker {...props} style={{ width: '100%' }} />;
    case 'choice':
      return (
        <Radio.Group
          {...props}
          options={(field.options ?? []).map((o) => ({ value: o.value, label: pick(locale, o.labelZh, o.labelEn) }))}
        />
      );
    case 'user':
      return <PersonSelect {...props} />;
    case 'attachment':
      return null;
  }
}

type Values = { answers?: Record<string, unknown> };

/** Fills and submits a catalogue item's form; conditional fields come and go as answers change. */
export function RequestFormPage() {
  const { t, locale } = useLocale();
  const { itemId = '' } = useParams();
  const item = useCatalogItem(itemId);
  const [form] = Form.useForm<Values>();
  // Kept from onValuesChange: conditional fields must react to every answer as it changes.
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const [files, setFiles] = useState<Record<string, UploadFile[]>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ServiceRequest | null>(null);
  const handleError = useFormErrorHandler();
  usePageTitle(item.data ? pick(locale, item.data.nameZh, item.data.nameEn) : undefined);

  if (item.isPending) return <Spin />;
  if (item.isError)
    return (
      <Result
        status="404"
        title={item.error.message}
        extra={<Link to="/portal/catalog">{t('catalog.backToCatalog')}</Link>}
      />
    );
  if (done)
    return (
      <Result
        status="success"
        title={t('catalog.submitted')}
        subTitle={<span data-testid="submitted-number">{t('catalog.submitted.sub', { number: done.number })}</span>}
        extra={
          <Link to={`/portal/requests/${done.id}`}>
            <Button type="primary">{t('catalog.viewRequest')}</Button>
          </Link>
        }
      />
    );
  const def = item.data;
  const shown = def.form.filter((f) => isFieldShown(def.form, f, { ...answers }));

  const submit = async (values: Values) => {
    const raw = values.answers ?? {};
    const out: Record<string, unknown> = {};
    for (const field of shown) {
      const v = raw[field.key];
      if (field.type === 'attachment' || v === undefined || v === null || v === '') continue;
      out[field.key] = field.type === 'date' ? (v as Dayjs).format('YYYY-MM-DD') : v;
    }
    const attached = shown
      .filter((f) => f.type === 'attachment')
      .flatMap((f) => (files[f.key] ?? []).map((file) => ({ key: f.key, file })));
    setBusy(true);
    try {
      let created: ServiceRequest;
      if (attached.length) {
        const body = new FormData();
        body.append('data', JSON.stringify({ itemId: def.id, answers: out }));
        for (const { key, file } of attached) body.append(key, file.originFileObj as Blob, file.name);
        created = await api.post<ServiceRequest>('/requests/with-files', body);
      } else {
        created = await api.post<ServiceRequest>('/requests', { itemId: def.id, answers: out });
      }
      setDone(created);
    } catch (error) {
      handleError(form, error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/portal/catalog">
        <ArrowLeftOutlined /> {t('catalog.backToCatalog')}
      </Link>
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {ICONS[def.icon]} {pick(locale, def.nameZh, def.nameEn)}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {pick(locale, def.descriptionZh, def.descriptionEn)}
        </Typography.Paragraph>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          onValuesChange={(_, all) => setAnswers({ ...(all.answers ?? {}) })}
          data-testid="request-form"
        >
          {shown.map((field) => {
            const label = pick(locale, field.labelZh, field.labelEn);
            const help = pick(locale, field.helpZh ?? '', field.helpEn ?? '') || undefined;
            if (field.type === 'attachment')
              return (
                <Form.Item key={field.key} label={label} extra={help} required={field.required}>
                  <Upload
                    multiple
                    fileList={files[field.key] ?? []}
                    beforeUpload={() => false}
                    onChange={({ fileList }) => setFiles((f) => ({ ...f, [field.key]: fileList }))}
                  >
                    <Button icon={<UploadOutlined />}>{t('catalog.upload')}</Button>
                  </Upload>
                </Form.Item>
              );
            return (
              <Form.Item
                key={field.key}
                name={['answers', field.key]}
                label={label}
                extra={help}
                data-testid={`field-${field.key}`}
                rules={
                  field.required ? [{ required: true, message: t('catalog.answer.required', { field: label }) }] : []
                }
              >
                <FieldInput field={field} />
              </Form.Item>
            );
          })}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="submit-request">
            {t('catalog.submit')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
