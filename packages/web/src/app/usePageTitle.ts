import { useEffect } from 'react';

/** Names the browser tab after the page, e.g. "INC-2026-000123 · Trellis". */
export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Trellis` : 'Trellis';
  }, [title]);
}
