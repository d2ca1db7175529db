import type { PresenceList } from '@trellis/core';
import { Alert } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../../app/i18n';
import { presenceBeat, presenceLeave } from '../api';

const BEAT_MS = 10_000;

/** Editing means a text box on the page has the focus (a comment or a dialog being written). */
const editingNow = () => {
  const active = document.activeElement as HTMLElement | null;
  return Boolean(active && (active.tagName === 'TEXTAREA' || (active.tagName === 'INPUT' && active.closest('form'))));
};

/** "张三 正在编辑此记录": who else has this record open, refreshed by heartbeats. */
export function PresenceBanner({ recordId }: { recordId: string }) {
  const t = useT();
  const [others, setOthers] = useState<PresenceList['others']>([]);
  const mode = useRef<'viewing' | 'editing'>('viewing');

  useEffect(() => {
    let stopped = false;
    const beat = () => {
      presenceBeat(recordId, mode.current)
        .then((list) => {
          if (!stopped) setOthers(list.others);
        })
        .catch(() => {});
    };
    beat();
    const timer = setInterval(beat, BEAT_MS);
    // Tell others at once when this person starts or stops writing.
    const onFocus = () => {
      const next = editingNow() ? 'editing' : 'viewing';
      if (next !== mode.current) {
        mode.current = next;
        beat();
      }
    };
    const onBlur = () => setTimeout(onFocus, 0);
    document.addEventListener('focusin', onFocus);
    document.addEventListener('focusout', onBlur);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener('focusin', onFocus);
      document.removeEventListener('focusout', onBlur);
      void presenceLeave(recordId).catch(() => {});
    };
  }, [recordId]);

  const editing = others.filter((o) => o.mode === 'editing').map((o) => o.user.name);
  const viewing = others.filter((o) => o.mode === 'viewing').map((o) => o.user.name);
  if (editing.length === 0 && viewing.length === 0) return null;
  return (
    <Alert
      data-testid="presence-banner"
      type={editing.length ? 'warning' : 'info'}
      showIcon
      message={
        editing.length
          ? t('console.presence.editing', { names: editing.join('、') })
          : t('console.presence.viewing', { names: viewing.join('、') })
      }
    />
  );
}
