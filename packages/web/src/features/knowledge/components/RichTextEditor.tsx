import {
  BoldOutlined,
  ItalicOutlined,
  LinkOutlined,
  OrderedListOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { useEffect, useRef } from 'react';
import { useT } from '../../../app/i18n';

/**
 * A small rich-text editor over contentEditable: headings, bold, italic, lists, links. The server
 * sanitises whatever HTML arrives, so this only has to be convenient, not safe.
 */
export function RichTextEditor({
  value,
  onChange,
  testId = 'article-body',
}: {
  value?: string;
  onChange?: (html: string) => void;
  testId?: string;
}) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Only push outside changes (a prefill) into the DOM; typing must not move the caret.
    if (ref.current && value !== undefined && ref.current.innerHTML !== value) ref.current.innerHTML = value;
  }, [value]);
  const exec = (command: string, arg?: string) => {
    ref.current?.focus();
    document.execCommand(command, false, arg);
    onChange?.(ref.current?.innerHTML ?? '');
  };
  return (
    <div className="trellis-rte">
      <Space size={4} wrap style={{ marginBottom: 4 }}>
        <Button size="small" onClick={() => exec('formatBlock', 'h2')}>
          H2
        </Button>
        <Button size="small" onClick={() => exec('formatBlock', 'h3')}>
          H3
        </Button>
        <Button size="small" onClick={() => exec('formatBlock', 'p')}>
          ¶
        </Button>
        <Tooltip title={t('kb.editor.bold')}>
          <Button size="small" icon={<BoldOutlined />} onClick={() => exec('bold')} />
        </Tooltip>
        <Tooltip title={t('kb.editor.italic')}>
          <Button size="small" icon={<ItalicOutlined />} onClick={() => exec('italic')} />
        </Tooltip>
        <Tooltip title={t('kb.editor.bullets')}>
          <Button size="small" icon={<UnorderedListOutlined />} onClick={() => exec('insertUnorderedList')} />
        </Tooltip>
        <Tooltip title={t('kb.editor.numbers')}>
          <Button size="small" icon={<OrderedListOutlined />} onClick={() => exec('insertOrderedList')} />
        </Tooltip>
        <Tooltip title={t('kb.editor.link')}>
          <Button
            size="small"
            icon={<LinkOutlined />}
            onClick={() => {
              const url = window.prompt(t('kb.editor.linkPrompt'), 'https://');
              if (url) exec('createLink', url);
            }}
          />
        </Tooltip>
      </Space>
      <div
        ref={ref}
        className="trellis-article-body"
        contentEditable
        suppressContentEditableWarning
        data-testid={testId}
        onInput={() => onChange?.(ref.current?.innerHTML ?? '')}
        style={{
          minHeight: 240,
          border: '1px solid #d9d9d9',
          borderRadius: 6,
          padding: '8px 12px',
          background: '#fff',
        }}
      />
    </div>
  );
}

/** Article HTML as the server stored it (already sanitised there). */
export function ArticleBody({ html }: { html: string }) {
  return (
    <div
      className="trellis-article-body"
      data-testid="article-content"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: the server sanitises every body with an allow-list
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
