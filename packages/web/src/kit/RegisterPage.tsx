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
import { SourceSelect } from './SourceSelect';
import { useRegister } from './useRegister';

function FieldInput<I>({
  field,
  testId,
  ...rest
}: {
  field: RegisterField<I>;
  testId: string;
  disabled?: boolean;
  value?: never;
  onChange?: never;
}) {
  const id = field.testId ?? `${testId}-${field.name}`;
  // Form.Item hands value and onChange to the input through these props.
  const props = { ...rest, 'data-testid': id, placeholder: field.placeholder };
  switch (field.kind) {
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={field.maxLength} {...props} />;
    case 'number':
      return <InputNumber style={{ width: '100%' }} {...props} />;
    case 'checkbox':
      return <Checkbox {...props}>{field.label}</Checkbox>;
    case 'select':
      return field.source ? (
        <SourceSelect source={field.source} mode={field.mode} allowClear={field.allowClear} {...props} />
      ) : (
        <Select mode={field.mode} options={field.options} allowClear={field.allowClear} {...props} />
      );
    case 'switch':
      return <Switch {...props} />;
    case 'password':
      return <Input.Password maxLength={field.maxLength} autoComplete="new-password" {...props} />;
    default:
      return <Input maxLength={field.maxLength} {...props} />;
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
        expandable={props.expandable}
        scroll={props.scroll}
        columns={[
          ...props.columns,
          {
            title: '',
            key: 'register-actions',
            width: props.rowActions ? 220 : 140,
            render: (_: unknown, row: T) => (
              <Space>
                {props.rowActions?.(row)}
                {canEdit(row) && props.editable !== false && (
                  <Button size="small" onClick={() => setEditing(row)}>
                    {t('register.edit')}
                  </Button>
                )}
                {canEdit(row) && props.archivable !== false && (
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
        width={props.formWidth}
        initialValues={
          editing && editing !== 'new'
            ? ((props.toForm ? props.toForm(editing) : editing) as Partial<I>)
            : props.defaults
        }
        onClose={() => setEditing(null)}
        onSubmit={async (values) => {
          const item = editing && editing !== 'new' ? editing : null;
          const saved = await save.mutateAsync({
            id: item?.id,
            body: (props.toBody ? props.toBody(values, item) : values) as Partial<I>,
          });
          props.onSaved?.(saved, item === null);
        }}
      >
        {props.fields
          .filter((field) => !field.hidden && !(field.editOnly && editing === 'new'))
          .map((field) => (
            <Form.Item
              key={field.name}
              name={field.name as never}
              label={field.kind === 'checkbox' ? undefined : field.label}
              extra={field.extra}
              valuePropName={field.kind === 'checkbox' || field.kind === 'switch' ? 'checked' : 'value'}
              rules={[
                ...(field.required ? [{ required: true, message: t('form.required') }] : []),
                ...(field.rules ?? []),
              ]}
            >
              <FieldInput field={field} testId={props.testId} disabled={field.createOnly && editing !== 'new'} />
            </Form.Item>
          ))}
      </FormModal>
    </>
  );
  return props.embedded ? content : <Card>{content}</Card>;
}
