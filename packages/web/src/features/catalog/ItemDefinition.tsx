import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { APPROVAL_MODES, APPROVER_TYPES, FIELD_TYPES } from '@trellis/core';
import { Button, Card, Checkbox, Divider, Form, Input, InputNumber, Select, Space } from 'antd';
import { useT } from '../../app/i18n';
import { SourceSelect } from '../../kit/SourceSelect';
import { UserPicker } from '../../kit/UserPicker';

const required = (message: string) => [{ required: true, whitespace: true, message }];

/** The parts of an item a field list cannot describe: its request form, approval steps and fulfilment stages. */
export function ItemDefinition() {
  const t = useT();
  return (
    <>
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
            <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ type: 'text', required: false })}>
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
                              getFieldValue(['approvals', step.name, 'approvers', approver.name, 'type']) === 'user' ? (
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
                            <SourceSelect
                              source={{ path: '/groups', filter: (g: { active: boolean }) => g.active }}
                              placeholder={t('catalog.task.group')}
                              style={{ width: 180 }}
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
    </>
  );
}
