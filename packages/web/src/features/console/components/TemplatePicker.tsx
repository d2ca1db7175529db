import { FileTextOutlined } from '@ant-design/icons';
import { App as AntApp, Form, Select, Space } from 'antd';
import { useT } from '../../../app/i18n';
import { useTemplates } from '../api';

/** On the log-a-call form: pick a template for a common incident and its fields are filled in. */
export function TemplatePicker() {
  const t = useT();
  const form = Form.useFormInstance();
  const { message } = AntApp.useApp();
  const templates = useTemplates().data ?? [];
  if (templates.length === 0) return null;
  return (
    <Form.Item label={t('console.templates.use')}>
      <Space>
        <FileTextOutlined />
        <Select
          data-testid="template-picker"
          style={{ minWidth: 260 }}
          placeholder={t('console.templates.use')}
          options={templates.map((tpl) => ({ value: tpl.id, label: tpl.name }))}
          onChange={(id: string) => {
            const tpl = templates.find((x) => x.id === id);
            if (!tpl) return;
            form.setFieldsValue({
              title: tpl.title,
              description: tpl.description,
              categoryId: tpl.categoryId ?? undefined,
              impact: tpl.impact,
              urgency: tpl.urgency,
            });
            void message.info(t('console.templates.applied'));
          }}
        />
      </Space>
    </Form.Item>
  );
}
