import { useQueryClient } from '@tanstack/react-query';
import type { LiveRecordEvent } from '@trellis/core';
import { useEffect } from 'react';
import { consoleKeys } from '../api';

/**
 * Listens to GET /api/v1/live and refreshes what changed: the queues (debounced, a burst of
 * changes refetches once) and the open record. EventSource reconnects by itself; after a gap
 * everything is refetched, since events during the gap are not replayed.
 */
export function LiveUpdates() {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/live');
    let timer: ReturnType<typeof setTimeout> | null = null;
    let opened = false;
    const refreshLists = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries({ queryKey: consoleKeys.queue });
        void queryClient.invalidateQueries({ queryKey: ['incidents'] });
      }, 300);
    };
    source.addEventListener('ready', () => {
      document.documentElement.dataset.live = 'connected';
      if (opened) {
        refreshLists();
        void queryClient.invalidateQueries({ queryKey: ['incident'] });
      }
      opened = true;
    });
    source.addEventListener('record', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as LiveRecordEvent;
      refreshLists();
      // The record page caches by the id or number in its URL.
      void queryClient.invalidateQueries({ queryKey: ['incident', event.recordId] });
      void queryClient.invalidateQueries({ queryKey: ['incident', event.number] });
    });
    source.onerror = () => {
      document.documentElement.dataset.live = 'reconnecting';
    };
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
      delete document.documentElement.dataset.live;
    };
  }, [queryClient]);
  return null;
}
