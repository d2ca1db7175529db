import { Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { type TranslationKey, useT } from '../../../app/i18n';

/** Keys are ignored while typing, so "c" in a comment box is a letter, not a command. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  const tag = target.tagName;
  return (
    tag === 'INPUT' ||
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    target.isContentEditable ||
    Boolean(target.closest('[role="combobox"], .ant-select, .ant-picker'))
  );
}

export const SHORTCUTS: [string, TranslationKey][] = [
  ['/', 'console.shortcuts.search'],
  ['?', 'console.shortcuts.help'],
  ['j', 'console.shortcuts.next'],
  ['k', 'console.shortcuts.prev'],
  ['Enter / o', 'console.shortcuts.open'],
  ['x', 'console.shortcuts.select'],
  ['t', 'console.shortcuts.take'],
  ['c', 'console.shortcuts.comment'],
  ['g q', 'console.shortcuts.queue'],
];

const click = (selector: string) => {
  const element = document.querySelector<HTMLElement>(selector);
  if (!element) return false;
  element.click();
  return true;
};

/** Console-wide keys; the queue adds j/k/x/Enter itself (useQueueKeys). */
export function Shortcuts() {
  const t = useT();
  const navigate = useNavigate();
  const [help, setHelp] = useState(false);
  useEffect(() => {
    let pendingG = false;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"]) .ant-modal')) {
        if (event.key === 'Escape') setHelp(false);
        if (event.key !== '?') return;
      }
      const key = event.key;
      if (pendingG) {
        pendingG = false;
        if (key === 'q') {
          event.preventDefault();
          navigate('/console');
        }
        return;
      }
      if (key === '/') {
        const box = document.querySelector<HTMLInputElement>(
          '[data-testid="global-search"] input, input[data-testid="global-search"]',
        );
        if (box) {
          event.preventDefault();
          box.focus();
          box.select();
        }
      } else if (key === '?') {
        event.preventDefault();
        setHelp((open) => !open);
      } else if (key === 't') {
        if (click('[data-testid="incident-actions"] [data-action="take"]')) event.preventDefault();
      } else if (key === 'c') {
        const box = document.querySelector<HTMLTextAreaElement>('[data-testid="comment-body"]');
        if (box) {
          event.preventDefault();
          box.focus();
          box.scrollIntoView({ block: 'center' });
        }
      } else if (key === 'g') {
        pendingG = true;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  return (
    <Modal open={help} footer={null} onCancel={() => setHelp(false)} title={t('console.shortcuts.title')}>
      <table className="trellis-shortcuts" data-testid="shortcut-help">
        <tbody>
          {SHORTCUTS.map(([key, label]) => (
            <tr key={key}>
              <td style={{ paddingRight: 24 }}>
                <Typography.Text keyboard>{key}</Typography.Text>
              </td>
              <td>{t(label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
