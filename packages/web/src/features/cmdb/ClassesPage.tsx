import { CI_ATTRIBUTE_TYPES, type CiClass } from '@trellis/core';
import { Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api';
import { useFormErrorHandler } from '../../app/errors';
import { useLocale, useT } from '../../app/i18n';
import { useCiClasses, useCmdbWrite } from './api';

/** CI classes and their attribute schemas; admins define new ones. */
export function ClassesPage({ manage }: { manage: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const { data } = useCiClasses();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const handleError = useFormErrorHandler();
  const create = useCmdbWrite((v: Record<string, unknown>) => api.post('/cmdb/classes', v));
  return (
    <Card>
      {manage && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setOpen(true)}>
          {t('cmdb.classes.new')}
        </Button>
      )}
      <Table<CiClass>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data ?? []}
        columns={[
          { title: t('cmdb.classes.code'), dataIndex: 'code' },
          { title: t('cmdb.name'), render: (_, c) => (locale === 'zh-CN' ? c.nameZh : c.nameEn) },
          {
            title: t('cmdb.attributes'),
            render: (_, c) =>
              c.attributes.map((a) => (
                <Tag key={a.key} color={a.required ? 'blue' : undefined}>
                  {locale === 'zh-CN' ? a.nameZh : a.nameEn} · {t(`cmdb.attrType.${a.type}`)}
                  {a.unique ? ` · ${t('cmdb.classes.attr.unique')}` : ''}
                </Tag>
              )),
          },
          { title: t('cmdb.classes.count'), dataIndex: 'ciCount' },
        ]}
      />
      {open && (
        <Modal
          open
          width={760}
          title={t('cmdb.classes.new')}
          onCancel={() => setOpen(false)}
          onOk={() => form.submit()}
        >
          <Form
            form={form}
            layout="vertical"
            initialValues={{ attributes: [] }}
            onFinish={(v: { attributes: { options?: string }[] } & Record<string, unknown>) =>
              create.mutate(
                {
                  ...v,
                  attributes: v.attributes.map((a) => ({
                    ...a,
                    options: a.options
                      ? a.options
                          .split(/[,，]/)
                          .map((o) => o.trim())
                          .filter(Boolean)
                      : undefined,
                  })),
                },
                { onSuccess: () => setOpen(false), onError: (e) => handleError(form, e) },
              )
            }
          >
            <Space wrap>
              <Form.Item name="code" label={t('cmdb.classes.code')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="nameZh" label={t('cmdb.classes.nameZh')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="nameEn" label={t('cmdb.classes.nameEn')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="isService" valuePropName="checked" label=" ">
                <Checkbox>{t('cmdb.classes.isService')}</Checkbox>
              </Form.Item>
            </Space>
            <Form.List name="attributes">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} wrap align="baseline">
                      <Form.Item name={[f.name, 'key']} rules={[{ required: true }]}>
                        <Input placeholder={t('cmdb.classes.attr.key')} style={{ width: 110 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'nameZh']} rules={[{ required: true }]}>
                        <Input placeholder={t('cmdb.classes.nameZh')} style={{ width: 110 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'nameEn']} rules={[{ required: true }]}>
                        <Input placeholder={t('cmdb.classes.nameEn')} style={{ width: 110 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'type']} initialValue="text">
                        <Select
                          style={{ width: 100 }}
                          options={CI_ATTRIBUTE_TYPES.map((x) => ({ value: x, label: t(`cmdb.attrType.${x}`) }))}
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'required']} valuePropName="checked">
                        <Checkbox>{t('cmdb.classes.attr.required')}</Checkbox>
                      </Form.Item>
                      <Form.Item name={[f.name, 'unique']} valuePropName="checked">
                        <Checkbox>{t('cmdb.classes.attr.unique')}</Checkbox>
                      </Form.Item>
                      <Form.Item name={[f.name, 'options']}>
                        <Input placeholder={t('cmdb.classes.attr.options')} style={{ width: 150 }} />
                      </Form.Item>
                      <Button type="link" onClick={() => remove(f.name)}>
                        {t('cmdb.panel.remove')}
                      </Button>
                    </Space>
                  ))}
                  <Button onClick={() => add()}>{t('cmdb.classes.attr.add')}</Button>
                </>
              )}
            </Form.List>
          </Form>
        </Modal>
      )}
    </Card>
  );
}
