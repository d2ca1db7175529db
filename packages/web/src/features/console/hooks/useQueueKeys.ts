import { useCallback, useEffect, useRef, useState } from 'react';
import { isTyping } from '../components/Shortcuts';
import '../console.css';

/**
 * j/k move through the queue, Enter or o opens the row, x selects it for a bulk action.
 * Returns the class for the current row.
 */
export function useQueueKeys(
  rows: { id: string }[],
  selected: string[],
  setSelected: (ids: string[]) => void,
  open: (id: string) => void,
) {
  const [active, setActive] = useState(-1);
  const state = useRef({ rows, selected, active });
  state.current = { rows, selected, active };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
      if (
        document.querySelector('.ant-modal-wrap .ant-modal')?.closest('.ant-modal-wrap:not([style*="display: none"])')
      )
        return;
      const { rows: list, selected: chosen, active: at } = state.current;
      if (list.length === 0) return;
      const move = (to: number) => {
        const next = Math.max(0, Math.min(list.length - 1, to));
        setActive(next);
        document.querySelector(`tr[data-row-key="${list[next]!.id}"]`)?.scrollIntoView({ block: 'nearest' });
      };
      if (event.key === 'j') move(at + 1);
      else if (event.key === 'k') move(at < 0 ? 0 : at - 1);
      else if ((event.key === 'Enter' || event.key === 'o') && at >= 0) open(list[at]!.id);
      else if (event.key === 'x' && at >= 0) {
        const id = list[at]!.id;
        setSelected(chosen.includes(id) ? chosen.filter((s) => s !== id) : [...chosen, id]);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, setSelected]);

  const rowClassName = useCallback(
    (row: { id: string }) => (rows[active]?.id === row.id ? 'trellis-row-active' : ''),
    [rows, active],
  );
  return { rowClassName };
}
