import { IMPACTS, type IncidentSettings, LEVELS, URGENCIES } from '@trellis/core';
import { App as AntApp, Button, Card, Form, InputNumber, Select, Space, Spin, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useFormErrorHandler } from '../../app/errors';
import { useT } from '../../app/i18n';
import { usePriorityMatrix } from '../../app/reference';
import { usePageTitle } from '../../app/usePageTitle';
import { LevelTag } from '../../kit/tags';
import { LevelGuide } from '../incidents/components/LevelGuide';
import { useDeskSettings, useSaveDeskSettings } from '../incidents/deskApi';

type Values = Omit<IncidentSettings, 'escalationMinutes'> & {
  escalationMinutes: Record<string, number | null | undefined>;
};

/** 服务台设置: the impact × urgency matrix, reopen period, auto-confirmation and escalation limits. */
export function DeskSettingsPage() {
  const t = useT();
  const { message } = AntApp.useApp();
  usePageTitle(t('desk.settings.title'));
  const { data, isPending } = useDeskSettings();
  const { data: guide } = usePriorityMatrix();
  const save = useSaveDeskSettings();
  const [form] = Form.useForm<Values>();
  const handleError = useFormErrorHandler();
  useEffect(() => {
    if (data) form.setFieldsValue(data);
  }, [data, form]);
  if (isPending || !data) return <Spin />;

  const submit = async () => {
    const values = await form.validateFields();
    try {
      await save.mutateAsync({
        ...values,
        escalationMinutes: Object.fromEntries(
          LEVELS.map((l) => [l, values.escalationMinutes[l] ?? null]),
        ) as IncidentSettings['escalationMinutes'],
      });
      void message.success(t('desk.settings.saved'));
    } catch (error) {
      handleError(form, error);
    }
  };

  return (
    <Card title={t('desk.settings.title')} data-testid="desk-settings">
      <Form<Values> form={form} layout="vertical" initialValues={data}>
        <Typography.Title level={5}>{t('desk.settings.matrix')}</Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey="impact"
          scroll={{ x: 560 }}
          dataSource={IMPACTS.map((impact) => ({ impact }))}
          columns={[
            { title: '', dataIndex: 'impact', width: 140, render: (i: 1) => t(`impact.${i}`) },
            ...URGENCIES.map((u) => ({
              title: t(`urgency.${u}`),
              key: `u${u}`,
              render: (_: unknown, row: { impact: number }) => (
                <Form.Item name={['matrix', row.impact - 1, u - 1]} noStyle>
                  <Select
                    style={{ width: 100 }}
                    data-testid={`matrix-${row.impact}-${u}`}
                    options={LEVELS.map((l) => ({ value: l, label: <LevelTag level={l} /> }))}
                  />
                </Form.Item>
              ),
            })),
          ]}
        />
        <Space wrap size="large" style={{ marginTop: 16 }} align="start">
          <Form.Item name="reopenDays" label={t('desk.settings.reopenDays')} rules={[{ required: true }]}>
            <InputNumber min={0} max={365} precision={0} />
          </Form.Item>
          <Form.Item name="autoConfirmDays" label={t('desk.settings.autoConfirmDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={90} precision={0} />
          </Form.Item>
          <Form.Item
            name="autoConfirmNoticeHours"
            label={t('desk.settings.autoConfirmNoticeHours')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={720} precision={0} />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{t('desk.settings.escalation')}</Typography.Title>
        <Space wrap size="large">
          {LEVELS.map((level) => (
            <Form.Item key={level} name={['escalationMinutes', String(level)]} label={<LevelTag level={level} />}>
              <InputNumber min={0} max={100000} precision={0} placeholder="—" />
            </Form.Item>
          ))}
        </Space>
        <div>
          <Button type="primary" loading={save.isPending} onClick={submit} data-testid="save-settings">
            {t('common.submit')}
          </Button>
        </div>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('desk.settings.levelGuide')}
      </Typography.Title>
      <LevelGuide data={guide} />
    </Card>
  );
}
