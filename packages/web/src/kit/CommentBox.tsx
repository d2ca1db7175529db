import type { TimelineVisibility } from '@trellis/core';
import { App as AntApp, Button, Form, Input, Radio, Space } from 'antd';
import { type ReactNode, useState } from 'react';
import { useFormErrorHandler } from '../app/errors';
import { useT } from '../app/i18n';

interface CommentValues {
  body: string;
  visibility: TimelineVisibility;
}

/**
 * Adds a comment; staff with `commentInternal` may mark it internal (内部), hidden from requesters.
 * `tools` renders helpers beside the buttons (the console's canned replies) that insert text into the comment.
 */
export function CommentBox({
  run,
  allowInternal,
  tools,
}: {
  run: (action: 'comments', body: CommentValues) => Promise<unknown>;
  allowInternal: boolean;
  tools?: (insert: (text: string) => void) => ReactNode;
}) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<CommentValues>();
  const [busy, setBusy] = useState(false);
  const handleError = useFormErrorHandler();
  const visibility = Form.useWatch('visibility', form);

  const onFinish = async (values: CommentValues) => {
    setBusy(true);
    try {
      await run('comments', { body: values.body.trim(), visibility: allowInternal ? values.visibility : 'public' });
      form.resetFields(['body']);
      void message.success(t('comment.added'));
    } catch (error) {
      handleError(form, error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<CommentValues>
      form={form}
      onFinish={onFinish}
      initialValues={{ visibility: 'public' }}
      layout="vertical"
      data-testid="comment-form"
    >
      <Form.Item
        name="body"
        rules={[{ required: true, whitespace: true, message: t('comment.required') }]}
        style={{ marginBottom: 8 }}
      >
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={20000}
          placeholder={t('comment.placeholder')}
          data-testid="comment-body"
          className={visibility === 'internal' ? 'trellis-timeline-internal' : undefined}
        />
      </Form.Item>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        {allowInternal ? (
          <Form.Item name="visibility" noStyle>
            <Radio.Group data-testid="comment-visibility">
              <Radio value="public">{t('comment.public')}</Radio>
              <Radio value="internal">{t('comment.internal')}</Radio>
            </Radio.Group>
          </Form.Item>
        ) : (
          <span />
        )}
        {tools?.((text) => form.setFieldValue('body', `${form.getFieldValue('body') ?? ''}${text}`))}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="comment-submit">
          {t('comment.submit')}
        </Button>
      </Space>
    </Form>
  );
}
