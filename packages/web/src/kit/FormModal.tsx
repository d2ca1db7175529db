import { Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useFormErrorHandler } from '../app/errors';
import { useT } from '../app/i18n';

interface FormModalProps<T> {
  open: boolean;
  title: ReactNode;
  okText?: ReactNode;
  danger?: boolean;
  width?: number;
  initialValues?: Partial<T>;
  onClose: () => void;
  /** Rejects with the server's error; validation issues are put next to the fields. */
  onSubmit: (values: T, form: FormInstance<T>) => Promise<unknown>;
  children: ReactNode;
  testId?: string;
}

/**
 * A dialog holding one form; used for every incident action that needs input. Antd applies
 * `initialValues` when the form mounts only: a caller that reuses one dialog for different items
 * gives it a `key` per item, or a dialog reopened before its closing animation ends keeps the
 * last values (an empty form after a create).
 */
export function FormModal<T extends object>({
  open,
  title,
  okText,
  danger,
  width,
  initialValues,
  onClose,
  onSubmit,
  children,
  testId,
}: FormModalProps<T>) {
  const t = useT();
  const [form] = Form.useForm<T>();
  const [busy, setBusy] = useState(false);
  const handleError = useFormErrorHandler();

  const submit = async () => {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await onSubmit(values, form);
      onClose();
    } catch (error) {
      handleError(form, error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      width={width}
      okText={okText ?? t('common.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger }}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      wrapClassName={testId ? `trellis-modal-${testId}` : undefined}
    >
      <Form<T> form={form} layout="vertical" initialValues={initialValues} preserve={false}>
        {children}
      </Form>
    </Modal>
  );
}
