import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Calendar, CalendarDay, RecordSla, Sla, SlaBreach, SlaReportRow } from '@trellis/core';
import { api, request } from '../../app/api';

/** Queue cells ask one by one; the ids asked for within a tick go out as one batch request. */
let pending: Map<string, ((value: RecordSla | null) => void)[]> | null = null;

function loadRecordSla(id: string): Promise<RecordSla | null> {
  return new Promise((resolve) => {
    if (!pending) {
      pending = new Map();
      const batch = pending;
      setTimeout(async () => {
        pending = null;
        const ids = [...batch.keys()];
        try {
          const results = await api.post<RecordSla[]>('/records/sla', { ids });
          const byId = new Map(results.map((r) => [r.recordId, r]));
          for (const [key, waiters] of batch) for (const w of waiters) w(byId.get(key) ?? null);
        } catch {
          for (const waiters of batch.values()) for (const w of waiters) w(null);
        }
      }, 0);
    }
    pending.set(id, [...(pending.get(id) ?? []), resolve]);
  });
}

export const useRecordSla = (recordId: string) =>
  useQuery({ queryKey: ['record-sla', recordId], queryFn: () => loadRecordSla(recordId), refetchInterval: 60_000 });

/** While a calendar's open clocks are being recomputed after an edit, ask again every 2 s. */
export const useCalendars = () =>
  useQuery({
    queryKey: ['calendars'],
    queryFn: () => api.get<Calendar[]>('/calendars'),
    refetchInterval: (query) => (query.state.data?.some((c) => c.recomputing) ? 2_000 : false),
  });

export const useCalendarDays = (id: string | undefined, year: number) =>
  useQuery({
    queryKey: ['calendar-days', id, year],
    enabled: Boolean(id),
    queryFn: () => api.get<CalendarDay[]>(`/calendars/${id}/days`, { year }),
  });

export function useCalendarEdit(id: string | undefined) {
  const client = useQueryClient();
  const done = () => {
    client.invalidateQueries({ queryKey: ['calendars'] });
    client.invalidateQueries({ queryKey: ['calendar-days', id] });
    client.invalidateQueries({ queryKey: ['record-sla'] });
  };
  return {
    putDays: useMutation({
      mutationFn: (body: { days?: unknown[]; remove?: string[] }) =>
        request<Calendar>('PUT', `/calendars/${id}/days`, body),
      onSuccess: done,
    }),
    importDays: useMutation({
      mutationFn: (body: { format: 'ics' | 'json'; content: string }) =>
        api.post<{ imported: number; years: number[] }>(`/calendars/${id}/import`, body),
      onSuccess: done,
    }),
  };
}

/** While an edit's job re-targets the open records, ask again every 2 s (as for calendars). */
export const useSlas = () =>
  useQuery({
    queryKey: ['slas'],
    queryFn: () => api.get<Sla[]>('/slas'),
    refetchInterval: (query) => (query.state.data?.some((s) => s.recomputing) ? 2_000 : false),
  });
export const useBreaches = () =>
  useQuery({ queryKey: ['sla-breaches'], queryFn: () => api.get<SlaBreach[]>('/sla/breaches') });
export const useSlaReport = (query: { from: string; to: string; groupBy: string }) =>
  useQuery({ queryKey: ['sla-report', query], queryFn: () => api.get<SlaReportRow[]>('/sla/report', query) });
