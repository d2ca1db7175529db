import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  APPROVAL_MODES,
  APPROVER_TYPES,
  CATALOG_ICONS,
  type CatalogItem,
  FIELD_TYPES,
  type Service,
} from '@trellis/core';
import {
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Divider,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useLocale } from '../../app/i18n';
import { useGroups, useOrganizations, useServices } from '../../app/reference';
import { usePageTitle } from '../../app/usePageTitle';
import { FormModal } from '../../kit/FormModal';
import { RegisterPage } from '../../kit/RegisterPage';
import { UserPicker } from '../../kit/UserPicker';
import { useSave } from '../../kit/useSave';
import { activeColumn, editColumn } from '../admin/columns';
import { pick, useCatalogItems } from './api';

const required = (message: string) => [{ required: true, whitespace: true, message }];

type ServiceForm = {
  code: string;
  nameZh: string;
  nameEn: string;
  description?: string;
  ownerId?: string | null;
  organizationId?: string | null;
  sort?: number;
  active?: boolean;
};

/** 业务服务: the services the catalogue, categories and SLAs hang off. */
export function ServicesAdminPage() {
  const { t } = useLocale();
  const orgs = useOrganizations();
  const customers = (orgs.data ?? []).filter((o) => o.kind === 'customer');
  return (
    <RegisterPage<Service, ServiceForm>
      path="/services"
      title={t('catalog.nav.services')}
      newLabel={t('catalog.service.new')}
      testId="service"
      archivable={false}
      scroll={{ x: 800 }}
      defaults={{ sort: 0 }}
      toForm={(s) => ({ ...s, ownerId: s.owner?.id ?? undefined, organizationId: s.organizationId ?? undefined })}
      toBody={(v, item) => ({
        code: v.code.trim(),
        nameZh: v.nameZh.trim(),
        nameEn: v.nameEn.trim(),
        description: v.description?.trim() ?? '',
        ownerId: v.ownerId ?? null,
        organizationId: v.organizationId ?? null,
        sort: v.sort ?? 0,
        ...(item ? { active: v.active } : {}),
      })}
      columns={[
        { title: t('catalog.service.code'), dataIndex: 'code' },
        { title: t('catalog.service.nameZh'), dataIndex: 'nameZh' },
        { title: t('catalog.service.nameEn'), dataIndex: 'nameEn' },
        { title: t('catalog.service.owner'), key: 'owner', render: (_, s) => s.owner?.name ?? '—' },
        {
          title: t('catalog.service.organization'),
          key: 'org',
          render: (_, s) =>
            customers.find((o) => o.id === s.organizationId)?.name ?? t('catalog.service.allOrganizations'),
        },
        { title: t('catalog.service.sort'), dataIndex: 'sort', width: 80 },
        activeColumn<Service>(t),
      ]}
      fields={[
        { name: 'code', label: t('catalog.service.code'), kind: 'text', required: true, maxLength: 40 },
        { name: 'nameZh', label: t('catalog.service.nameZh'), kind: 'text', required: true, maxLength: 100 },
        { name: 'nameEn', label: t('catalog.service.nameEn'), kind: 'text', required: true, maxLength: 100 },
        { name: 'description', label: t('catalog.service.description'), kind: 'textarea', maxLength: 2000 },
        {
          name: 'ownerId',
          label: t('catalog.service.owner'),
          kind: 'select',
          allowClear: true,
          source: { path: '/users', params: { staff: 'true' }, search: 'q' },
        },
        {
          name: 'organizationId',
          label: t('catalog.service.organization'),
          kind: 'select',
          allowClear: true,
          placeholder: t('catalog.service.allOrganizations'),
          source: { path: '/organizations', filter: (o: { kind: string }) => o.kind === 'customer' },
        },
        { name: 'sort', label: t('catalog.service.sort'), kind: 'number' },
        { name: 'active', label: t('admin.active'), kind: 'switch', editOnly: true },
      ]}
    />
  );
}

type ItemForm = Omit<CatalogItem, 'id' | 'serviceNameZh' | 'serviceNameEn' | 'updatedAt' | 'form'> & {
  form: (CatalogItem['form'][number] & { whenField?: string; whenValues?: string })[];
};

/** 服务目录: items under services, each with its form, approval steps and fulfilment stages. */
export function CatalogItemsAdminPage() {
  const { t, locale } = useLocale();
  const { message } = AntApp.useApp();
  const items = useCatalogItems(true);
  const services = useServices();
  const groups = useGroups();
  const orgs = useOrganizations();
  const save = useSave<CatalogItem>('/catalog/items', [['catalog-items']]);
  const [editing, setEditing] = useState<CatalogItem | 'new' | null>(null);
  usePageTitle(t('catalog.nav.items'));
  const current = editing && editing !== 'new' ? editing : null;
  const initial: Partial<ItemForm> | undefined = current
    ? {
        ...current,
        form: current.form.map((f) => ({ ...f, whenField: f.when?.field, whenValues: f.when?.values.join(',') })),
      }
    : { icon: 'appstore', sort: 0, form: [], approvals: [], stages: [], organizationIds: [] };
  const serviceOptions = (services.data ?? []).map((s) => ({ value: s.id, label: pick(locale, s.nameZh, s.nameEn) }));
  const groupOptions = (groups.data ?? []).filter((g) => g.active).map((g) => ({ value: g.id, label: g.name }));

  return (
    <Card>
      <div className="trellis-page-title">
        <Typography.Title level={4}>{t('catalog.nav.items')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('catalog.item.new')}
        </Button>
      </div>
      <Table<CatalogItem>
        rowKey="id"
        loading={items.isPending}
        dataSource={items.data ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          {
            title: t('catalog.item.service'),
            key: 's',
            render: (_, i) => pick(locale, i.serviceNameZh, i.serviceNameEn),
          },
          { title: t('catalog.item.nameZh'), key: 'n', render: (_, i) => pick(locale, i.nameZh, i.nameEn) },
          {
            title: '',
            key: 'c',
            render: (_, i) =>
              t('catalog.item.counts', {
                fields: i.form.length,
                steps: i.approvals.length,
                tasks: i.stages.reduce((n, s) => n + s.tasks.length, 0),
              }),
          },
          { title: t('catalog.item.sort'), dataIndex: 'sort', width: 80 },
          activeColumn<CatalogItem>(t),
          editColumn<CatalogItem>(t, setEditing),
        ]}
      />
      <FormModal<ItemForm>
        open={editing !== null}
        width={960}
        title={current ? t('common.edit') : t('catalog.item.new')}
        initialValues={initial}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const body = {
            serviceId: v.serviceId,
            nameZh: v.nameZh.trim(),
            nameEn: v.nameEn.trim(),
            descriptionZh: v.descriptionZh?.trim() ?? '',
            descriptionEn: v.descriptionEn?.trim() ?? '',
            icon: v.icon,
            sort: v.sort ?? 0,
            organizationIds: v.organizationIds ?? [],
            form: (v.form ?? []).map(({ whenField, whenValues, ...f }) => ({
              ...f,
              required: Boolean(f.required),
              options: f.type === 'choice' ? (f.options ?? []) : undefined,
              when: whenField
                ? {
                    field: whenField,
                    values: (whenValues ?? '')
                      .split(',')
                      .map((s) => s.trim())
                      .filter(Boolean),
                  }
                : null,
            })),
            approvals: v.approvals ?? [],
            stages: v.stages ?? [],
          };
          await save.mutateAsync(current ? { id: current.id, body: { ...body, active: v.active } } : { body });
          void message.success(t('common.saved'));
        }}
      >
        <Space wrap align="start">
          <Form.Item
            name="serviceId"
            label={t('catalog.item.service')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Select style={{ width: 220 }} options={serviceOptions} />
          </Form.Item>
          <Form.Item name="nameZh" label={t('catalog.item.nameZh')} rules={required(t('form.required'))}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('catalog.item.nameEn')} rules={required(t('form.required'))}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="icon" label={t('catalog.item.icon')}>
            <Select style={{ width: 120 }} options={CATALOG_ICONS.map((i) => ({ value: i, label: i }))} />
          </Form.Item>
          <Form.Item name="sort" label={t('catalog.item.sort')}>
            <InputNumber min={0} max={100000} />
          </Form.Item>
          {current && (
            <Form.Item name="active" label={t('admin.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Space>
        <Form.Item name="descriptionZh" label={t('catalog.item.descriptionZh')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="descriptionEn" label={t('catalog.item.descriptionEn')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="organizationIds" label={t('catalog.item.organizations')}>
          <Select
            mode="multiple"
            allowClear
            options={(orgs.data ?? [])
              .filter((o) => o.kind === 'customer')
              .map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>

        <Divider orientation="left">{t('catalog.item.form')}</Divider>
        <Form.List name="form">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Card key={field.key} size="small" style={{ marginBottom: 8 }}>
                  <Space wrap align="start">
                    <Form.Item
                      name={[field.name, 'key']}
                      label={t('catalog.field.key')}
                      rules={required(t('form.required'))}
                    >
                      <Input style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'type']}
                      label={t('catalog.field.type')}
                      rules={[{ required: true, message: t('form.required') }]}
                    >
                      <Select
                        style={{ width: 100 }}
                        options={FIELD_TYPES.map((ft) => ({ value: ft, label: t(`catalog.fieldType.${ft}`) }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'labelZh']}
                      label={t('catalog.field.labelZh')}
                      rules={required(t('form.required'))}
                    >
                      <Input style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'labelEn']}
                      label={t('catalog.field.labelEn')}
                      rules={required(t('form.required'))}
                    >
                      <Input style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'required']}
                      label={t('catalog.field.required')}
                      valuePropName="checked"
                    >
                      <Checkbox />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'multiline']}
                      label={t('catalog.field.multiline')}
                      valuePropName="checked"
                    >
                      <Checkbox />
                    </Form.Item>
                    <Form.Item name={[field.name, 'min']} label={t('catalog.field.min')}>
                      <InputNumber style={{ width: 80 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'max']} label={t('catalog.field.max')}>
                      <InputNumber style={{ width: 80 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'whenField']} label={t('catalog.field.whenField')}>
                      <Input style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'whenValues']} label={t('catalog.field.whenValues')}>
                      <Input style={{ width: 140 }} />
                    </Form.Item>
                    <MinusCircleOutlined style={{ marginTop: 38 }} onClick={() => remove(field.name)} />
                  </Space>
                  <Form.List name={[field.name, 'options']}>
                    {(opts, { add: addOpt, remove: removeOpt }) => (
                      <Space direction="vertical" style={{ width: '100%' }}>
                        {opts.map((opt) => (
                          <Space key={opt.key} wrap>
                            <Form.Item name={[opt.name, 'value']} noStyle rules={required(t('form.required'))}>
                              <Input placeholder={t('catalog.field.optionValue')} style={{ width: 110 }} />
                            </Form.Item>
                            <Form.Item name={[opt.name, 'labelZh']} noStyle rules={required(t('form.required'))}>
                              <Input placeholder={t('catalog.field.labelZh')} style={{ width: 140 }} />
                            </Form.Item>
                            <Form.Item name={[opt.name, 'labelEn']} noStyle rules={required(t('form.required'))}>
                              <Input placeholder={t('catalog.field.labelEn')} style={{ width: 140 }} />
                            </Form.Item>
                            <MinusCircleOutlined onClick={() => removeOpt(opt.name)} />
                          </Space>
                        ))}
                        <Button size="small" type="dashed" onClick={() => addOpt({})} icon={<PlusOutlined />}>
                          {t('catalog.item.addOption')}
                        </Button>
                      </Space>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ type: 'text', required: false })}
              >
                {t('catalog.item.addField')}
              </Button>
            </>
          )}
        </Form.List>

        <Divider orientation="left">{t('catalog.item.approvals')}</Divider>
        <Form.List name="approvals">
          {(steps, { add, remove }) => (
            <>
              {steps.map((step, index) => (
                <Card
                  key={step.key}
                  size="small"
                  style={{ marginBottom: 8 }}
                  title={t('catalog.item.step', { n: index + 1 })}
                  extra={<MinusCircleOutlined onClick={() => remove(step.name)} />}
                >
                  <Form.Item name={[step.name, 'mode']} label={t('catalog.approval.mode')}>
                    <Select
                      style={{ width: 200 }}
                      options={APPROVAL_MODES.map((m) => ({ value: m, label: t(`catalog.mode.${m}`) }))}
                    />
                  </Form.Item>
                  <Form.List name={[step.name, 'approvers']}>
                    {(approvers, { add: addApprover, remove: removeApprover }) => (
                      <Space direction="vertical" style={{ width: '100%' }}>
                        {approvers.map((approver) => (
                          <Space key={approver.key} wrap>
                            <Form.Item name={[approver.name, 'type']} noStyle>
                              <Select
                                style={{ width: 160 }}
                                options={APPROVER_TYPES.map((a) => ({ value: a, label: t(`catalog.approver.${a}`) }))}
                              />
                            </Form.Item>
                            <Form.Item noStyle shouldUpdate>
                              {({ getFieldValue }) =>
                                getFieldValue(['approvals', step.name, 'approvers', approver.name, 'type']) ===
                                'user' ? (
                                  <Form.Item
                                    name={[approver.name, 'userId']}
                                    noStyle
                                    rules={[{ required: true, message: t('form.required') }]}
                                  >
                                    <UserPicker style={{ width: 280 }} placeholder={t('catalog.approver.person')} />
                                  </Form.Item>
                                ) : null
                              }
                            </Form.Item>
                            <MinusCircleOutlined onClick={() => removeApprover(approver.name)} />
                          </Space>
                        ))}
                        <Button
                          size="small"
                          type="dashed"
                          icon={<PlusOutlined />}
                          onClick={() => addApprover({ type: 'manager' })}
                        >
                          {t('catalog.item.addApprover')}
                        </Button>
                      </Space>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ mode: 'all', approvers: [{ type: 'manager' }] })}
              >
                {t('catalog.item.addStep')}
              </Button>
            </>
          )}
        </Form.List>

        <Divider orientation="left">{t('catalog.item.stages')}</Divider>
        <Form.List name="stages">
          {(stages, { add, remove }) => (
            <>
              {stages.map((stage, index) => (
                <Card
                  key={stage.key}
                  size="small"
                  style={{ marginBottom: 8 }}
                  title={t('catalog.item.stage', { n: index + 1 })}
                  extra={<MinusCircleOutlined onClick={() => remove(stage.name)} />}
                >
                  <Form.List name={[stage.name, 'tasks']}>
                    {(tasks, { add: addTask, remove: removeTask }) => (
                      <Space direction="vertical" style={{ width: '100%' }}>
                        {tasks.map((task) => (
                          <Space key={task.key} wrap>
                            <Form.Item name={[task.name, 'titleZh']} noStyle rules={required(t('form.required'))}>
                              <Input placeholder={t('catalog.task.titleZh')} style={{ width: 220 }} />
                            </Form.Item>
                            <Form.Item name={[task.name, 'titleEn']} noStyle rules={required(t('form.required'))}>
                              <Input placeholder={t('catalog.task.titleEn')} style={{ width: 220 }} />
                            </Form.Item>
                            <Form.Item
                              name={[task.name, 'groupId']}
                              noStyle
                              rules={[{ required: true, message: t('form.required') }]}
                            >
                              <Select
                                placeholder={t('catalog.task.group')}
                                style={{ width: 180 }}
                                options={groupOptions}
                              />
                            </Form.Item>
                            <MinusCircleOutlined onClick={() => removeTask(task.name)} />
                          </Space>
                        ))}
                        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => addTask({})}>
                          {t('catalog.item.addTask')}
                        </Button>
                      </Space>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ tasks: [{}] })}>
                {t('catalog.item.addStage')}
              </Button>
            </>
          )}
        </Form.List>
      </FormModal>
    </Card>
  );
}
