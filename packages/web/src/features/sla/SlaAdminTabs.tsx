import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { BREACH_ACTIONS, INCIDENT_STATES, type Ola, type Sla } from '@trellis/core';
import {
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import type { Rule } from 'antd/es/form';
import { useState } from 'react';
import { api } from '../../app/api';
import { type Translate, useLocale, useT } from '../../app/i18n';
import { useGroups, useOrganizations, useServices } from '../../app/reference';
import { FormModal } from '../../kit/FormModal';
import { registerKey } from '../../kit/useRegister';
import { useSave } from '../../kit/useSave';
import { activeColumn, editColumn } from '../admin/columns';
import { useCalendars } from './api';
import { formatMinutes } from './SlaCountdown';

const MAX_MINUTES = 60 * 24 * 366;
const LEVELS = [1, 2, 3, 4] as const;

export const useOlas = () => useQuery({ queryKey: ['olas'], queryFn: () => api.get<Ola[]>('/olas') });
function minutesRules(t: Translate): Rule[] {
  return [
    { required: true, message: t('form.required') },
    { type: 'integer', min: 1, max: MAX_MINUTES, message: t('sla.form.minutesRange', { max: MAX_MINUTES }) },
  ];
}

/** Business minutes with the human reading beside it (e.g. 480 → 8 h). */
function MinutesInput(props: { value?: number; onChange?: (v: number | null) => void; testId?: string }) {
  const t = useT();
  return (
    <InputNumber
      value={props.value}
      onChange={props.onChange}
      min={1}
      max={MAX_MINUTES}
      precision={0}
      style={{ width: '100%' }}
      addonAfter={props.value ? formatMinutes(props.value) : t('sla.form.minutes')}
      data-testid={props.testId}
    />
  );
}

function CalendarSelect(props: { value?: string; onChange?: (v: string) => void }) {
  const calendars = useCalendars();
  return (
    <Select
      value={props.value}
      onChange={props.onChange}
      options={(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}

function useServiceOptions() {
  const { locale } = useLocale();
  const services = useServices();
  return (services.data ?? []).map((s) => ({ value: s.id, label: locale === 'zh-CN' ? s.nameZh : s.nameEn }));
}

// ---- SLA definitions

interface SlaForm {
  name: string;
  serviceId?: string | null;
  organizationId?: string | null;
  isDefault: boolean;
  active: boolean;
  targets: { level: number; responseMinutes: number; resolutionMinutes: number; calendarId: string }[];
  incidentPause: string[];
  requestPause: string[];
  thresholds: (number | string)[];
  breachActions: string[];
}

export function SlaDefinitions({ slas }: { slas: Sla[] }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const calendars = useCalendars();
  const serviceOptions = useServiceOptions();
  const { data: organizations } = useOrganizations();
  // A contract's "exceeds the SLA" mark follows the SLAs.
  const save = useSave<Sla>('/slas', [['slas'], registerKey('/underpinning-contracts')]);
  const [editing, setEditing] = useState<Sla | 'new' | null>(null);
  const calendarName = (id: string) => calendars.data?.find((c) => c.id === id)?.name ?? id;
  const firstCalendar = calendars.data?.find((c) => !c.always)?.id;
  const initial = (sla: Sla | 'new'): Partial<SlaForm> =>
    sla === 'new'
      ? {
          isDefault: false,
          active: true,
          targets: LEVELS.map((level) => ({
            level,
            responseMinutes: 60,
            resolutionMinutes: 480,
            calendarId: firstCalendar ?? '',
          })),
          incidentPause: ['on_hold'],
          requestPause: ['on_hold'],
          thresholds: [75, 90],
          breachActions: ['notify_owner', 'notify_group'],
        }
      : {
          ...sla,
          targets: LEVELS.map(
            (level) =>
              sla.targets.find((x) => x.level === level) ?? {
                level,
                responseMinutes: 60,
                resolutionMinutes: 480,
                calendarId: firstCalendar ?? '',
              },
          ),
          incidentPause: sla.pauseStates.incident ?? [],
          requestPause: sla.pauseStates.request ?? [],
        };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="sla-new">
        {t('sla.form.newSla')}
      </Button>
      {slas.map((sla) => (
        <Card
          key={sla.id}
          size="small"
          data-testid={`sla-${sla.name}`}
          title={
            <Space>
              {sla.name}
              {sla.isDefault && <Tag>{t('sla.slas.default')}</Tag>}
              {sla.recomputing && (
                <Tag color="processing" data-testid="sla-recomputing">
                  {t('sla.slas.recomputing')}
                </Tag>
              )}
              {!sla.active && <Tag>{t('admin.activeNo')}</Tag>}
            </Space>
          }
          extra={
            <Button size="small" onClick={() => setEditing(sla)} data-testid="sla-edit">
              {t('common.edit')}
            </Button>
          }
        >
          <Table
            size="small"
            pagination={false}
            rowKey="level"
            dataSource={sla.targets}
            columns={[
              { title: t('sla.slas.level'), dataIndex: 'level', render: (l: number) => t(`level.${l}` as never) },
              { title: t('sla.slas.response'), dataIndex: 'responseMinutes', render: formatMinutes },
              { title: t('sla.slas.resolution'), dataIndex: 'resolutionMinutes', render: formatMinutes },
              { title: t('sla.slas.calendar'), dataIndex: 'calendarId', render: calendarName },
            ]}
          />
          <Space wrap style={{ marginTop: 8 }}>
            <span>
              {t('sla.slas.pause')}:{' '}
              {Object.entries(sla.pauseStates)
                .map(
                  ([k, v]) =>
                    `${t(`sla.kind.${k}` as never)}: ${v.map((s) => t(`state.${s}` as never)).join(t('sla.itemSeparator'))}`,
                )
                .join(t('sla.separator'))}
            </span>
            <span>
              {t('sla.slas.thresholds')}: {sla.thresholds.map((x) => `${x}%`).join(', ')}
            </span>
            <span>
              {t('sla.slas.actions')}: {sla.breachActions.map((a) => t(`sla.action.${a}` as never)).join('、')}
            </span>
          </Space>
        </Card>
      ))}
      <FormModal<SlaForm>
        key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
        open={editing !== null}
        title={editing === 'new' ? t('sla.form.newSla') : t('common.edit')}
        width={760}
        testId="sla-form"
        initialValues={editing ? initial(editing) : undefined}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const body = {
            name: v.name.trim(),
            serviceId: v.serviceId ?? null,
            organizationId: v.organizationId ?? null,
            isDefault: v.isDefault,
            pauseStates: { incident: v.incidentPause ?? [], request: v.requestPause ?? [] },
            thresholds: (v.thresholds ?? []).map(Number),
            breachActions: v.breachActions ?? [],
            targets: v.targets,
          };
          if (editing === 'new') await save.mutateAsync({ body });
          else if (editing) await save.mutateAsync({ id: editing.id, body: { ...body, active: v.active } });
          void message.success(t('common.saved'));
        }}
      >
        <Form.Item
          name="name"
          label={t('sla.form.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item name="serviceId" label={t('sla.form.service')}>
            <Select allowClear style={{ width: 220 }} options={serviceOptions} placeholder={t('sla.form.any')} />
          </Form.Item>
          <Form.Item name="organizationId" label={t('sla.form.organization')}>
            <Select
              allowClear
              style={{ width: 220 }}
              placeholder={t('sla.form.any')}
              options={(organizations ?? [])
                .filter((o) => o.kind === 'customer')
                .map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
          <Form.Item name="isDefault" label={t('sla.slas.default')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="active" label={t('admin.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Space>
        <Form.List name="targets">
          {(fields) => (
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={fields}
              columns={[
                {
                  title: t('sla.slas.level'),
                  width: 70,
                  render: (_, f) => t(`level.${f.name + 1}` as never),
                },
                {
                  title: t('sla.slas.response'),
                  render: (_, f) => (
                    <Form.Item name={[f.name, 'responseMinutes']} rules={minutesRules(t)} noStyle={false}>
                      <MinutesInput testId={`target-${f.name + 1}-response`} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('sla.slas.resolution'),
                  render: (_, f) => (
                    <Form.Item
                      name={[f.name, 'resolutionMinutes']}
                      dependencies={[['targets', f.name, 'responseMinutes']]}
                      rules={[
                        ...minutesRules(t),
                        ({ getFieldValue }) => ({
                          validator: (_r, value: number) =>
                            value && value < getFieldValue(['targets', f.name, 'responseMinutes'])
                              ? Promise.reject(new Error(t('sla.form.resolutionBeforeResponse')))
                              : Promise.resolve(),
                        }),
                      ]}
                    >
                      <MinutesInput testId={`target-${f.name + 1}-resolution`} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('sla.slas.calendar'),
                  width: 150,
                  render: (_, f) => (
                    <Form.Item name={[f.name, 'calendarId']} rules={[{ required: true, message: t('form.required') }]}>
                      <CalendarSelect />
                    </Form.Item>
                  ),
                },
              ]}
            />
          )}
        </Form.List>
        <Space wrap size="large" style={{ marginTop: 12 }}>
          <Form.Item name="incidentPause" label={`${t('sla.slas.pause')} · ${t('sla.kind.incident')}`}>
            <Select
              mode="multiple"
              style={{ width: 260 }}
              options={INCIDENT_STATES.filter((s) => !['archived', 'cancelled'].includes(s)).map((s) => ({
                value: s,
                label: t(`state.${s}` as never),
              }))}
            />
          </Form.Item>
          <Form.Item name="requestPause" label={`${t('sla.slas.pause')} · ${t('sla.kind.request')}`}>
            <Select mode="tags" style={{ width: 260 }} tokenSeparators={[',', ' ']} />
          </Form.Item>
        </Space>
        <Form.Item
          name="thresholds"
          label={t('sla.slas.thresholds')}
          extra={t('sla.form.thresholdsHint')}
          rules={[
            {
              validator: (_r, value: (number | string)[] = []) =>
                value.length > 5 || value.some((x) => !/^\d+$/.test(String(x)) || +x < 1 || +x > 99)
                  ? Promise.reject(new Error(t('sla.form.thresholdsInvalid')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[',', ' ', '，']} />
        </Form.Item>
        <Form.Item name="breachActions" label={t('sla.slas.actions')}>
          <Checkbox.Group options={BREACH_ACTIONS.map((a) => ({ value: a, label: t(`sla.action.${a}` as never) }))} />
        </Form.Item>
      </FormModal>
    </Space>
  );
}

// ---- OLAs per support group

interface OlaForm {
  groupId: string;
  targetMinutes: number;
  calendarId: string;
  active: boolean;
}

export function OlasTab() {
  const t = useT();
  const { message } = AntApp.useApp();
  const olas = useOlas();
  const { data: groups } = useGroups();
  const calendars = useCalendars();
  const save = useSave<Ola>('/olas', [['olas']]);
  const [editing, setEditing] = useState<Ola | 'new' | null>(null);
  const groupName = (id: string) => groups?.find((g) => g.id === id)?.name ?? id;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
        {t('sla.form.newOla')}
      </Button>
      <Table<Ola>
        size="small"
        rowKey="id"
        pagination={false}
        loading={olas.isPending}
        dataSource={olas.data ?? []}
        columns={[
          { title: t('sla.form.group'), dataIndex: 'groupId', render: groupName },
          { title: t('sla.form.target'), dataIndex: 'targetMinutes', render: formatMinutes },
          {
            title: t('sla.slas.calendar'),
            dataIndex: 'calendarId',
            render: (id: string) => calendars.data?.find((c) => c.id === id)?.name ?? id,
          },
          activeColumn<Ola>(t),
          editColumn<Ola>(t, setEditing),
        ]}
      />
      <FormModal<OlaForm>
        key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
        open={editing !== null}
        title={editing === 'new' ? t('sla.form.newOla') : t('common.edit')}
        initialValues={editing && editing !== 'new' ? editing : { active: true }}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          if (editing === 'new') await save.mutateAsync({ body: v });
          else if (editing)
            await save.mutateAsync({
              id: editing.id,
              body: { targetMinutes: v.targetMinutes, calendarId: v.calendarId, active: v.active },
            });
          void message.success(t('common.saved'));
        }}
      >
        <Form.Item name="groupId" label={t('sla.form.group')} rules={[{ required: true, message: t('form.required') }]}>
          <Select
            disabled={editing !== 'new'}
            options={(groups ?? [])
              .filter((g) => editing !== 'new' || !olas.data?.some((o) => o.groupId === g.id))
              .map((g) => ({ value: g.id, label: g.name }))}
          />
        </Form.Item>
        <Form.Item name="targetMinutes" label={t('sla.form.target')} rules={minutesRules(t)}>
          <MinutesInput />
        </Form.Item>
        <Form.Item
          name="calendarId"
          label={t('sla.slas.calendar')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <CalendarSelect />
        </Form.Item>
        {editing !== 'new' && (
          <Form.Item name="active" label={t('admin.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </FormModal>
    </Space>
  );
}
