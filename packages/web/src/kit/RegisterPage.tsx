import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useT } from '../app/i18n';
import { usePageTitle } from '../app/usePageTitle';
import { FormModal } from './FormModal';
import type { RegisterField, RegisterItem, RegisterPageProps } from './register.types';
import { useRegister } from './useRegister';

function FieldInput<I>({ field, testId }: { field: RegisterField<I>; testId: string }) {
  const id = field.testId ?? `${testId}-${field.name}`;
  switch (field.kind) {
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={field.maxLength} data-testid={id} />;
    case 'number':
      return <InputNumber style={{ width: '100%' }} data-testid={id} />;
    case 'checkbox':
      return <Checkbox data-testid={id}>{field.label}</Checkbox>;
    case 'select':
      return <Select mode={field.mode} options={field.options} data-testid={id} />;
    case 'switch':
      return <Switch data-testid={id} />;
    case 'password':
      return <Input.Password maxLength={field.maxLength} autoComplete="new-password" data-testid={id} />;
    default:
      return <Input maxLength={field.maxLength} data-testid={id} />;
  }
}

/**
 * A register's admin page: a table with the register's columns, a "new" button, and per row edit
 * and archive; the form is drawn from a field description. Server validation errors land on the
 * field they name (FormModal).
 */
export function RegisterPage<T extends RegisterItem, I extends object>(props: RegisterPageProps<T, I>) {
  const t = useT();
  const { list, save, archive } = useRegister<T, I>(props.path);
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const canEdit = props.canEdit ?? (() => true);
  usePageTitle(!props.embedded && typeof props.title === 'string' ? props.title : '');

  const content = (
    <>
      <div className="trellis-page-title">
        {!props.embedded && <Typography.Title level={4}>{props.title}</Typography.Title>}
        {props.canCreate !== false && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid={`${props.testId}-new`}
          >
            {props.newLabel ?? t('register.new')}
          </Button>
        )}
      </div>
      {props.intro && <Typography.Paragraph type="secondary">{props.intro}</Typography.Paragraph>}
      <Table<T>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          ...props.columns,
          {
            title: '',
            key: 'register-actions',
            width: 140,
            render: (_: unknown, row: T) =>
              canEdit(row) && (
                <Space>
                  <Button size="small" onClick={() => setEditing(row)}>
                    {t('register.edit')}
                  </Button>
                  {props.archivable !== false && (
                    <Popconfirm
                      title={props.archiveConfirm ?? t('register.archiveConfirm')}
                      onConfirm={() => archive.mutateAsync(row.id)}
                    >
                      <Button size="small" danger aria-label={t('register.archive')}>
                        ×
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <FormModal<I>
        key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
        open={editing !== null}
        title={editing === 'new' ? (props.newLabel ?? t('register.new')) : t('register.edit')}
        testId={props.testId}
        initialValues={
          editing && editing !== 'new'
            ? ((props.toForm ? props.toForm(editing) : editing) as Partial<I>)
            : props.defaults
        }
        onClose={() => setEditing(null)}
        onSubmit={(values) =>
          save.mutateAsync({ id: editing && editing !== 'new' ? editing.id : undefined, body: values })
        }
      >
        {props.fields
          .filter((field) => !field.hidden)
          .map((field) => (
            <Form.Item
              key={field.name}
              name={field.name as never}
              label={field.kind === 'checkbox' ? undefined : field.label}
              extra={field.extra}
              valuePropName={field.kind === 'checkbox' || field.kind === 'switch' ? 'checked' : 'value'}
              rules={field.required ? [{ required: true, message: t('form.required') }] : []}
            >
              <FieldInput field={field} testId={props.testId} />
            </Form.Item>
          ))}
      </FormModal>
    </>
  );
  return props.embedded ? content : <Card>{content}</Card>;
}
