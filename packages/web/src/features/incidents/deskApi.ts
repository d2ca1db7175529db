import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Followup, IncidentSettings, RecordTime } from '@trellis/core';
import { api, request } from '../../app/api';
import { referenceKeys } from '../../app/reference';

/** Server state for the desk's incident work: settings, follow-ups, time, services. */

export const deskKeys = {
  settings: ['desk-settings'] as const,
  followups: (state?: string) => ['desk-followups', state ?? 'all'] as const,
  time: (recordId: string) => ['record-time', recordId] as const,
};

export function useDeskSettings(enabled = true) {
  return useQuery({
    queryKey: deskKeys.settings,
    queryFn: () => api.get<IncidentSettings>('/desk/settings'),
    enabled,
  });
}

export function useSaveDeskSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<IncidentSettings>) => request<IncidentSettings>('PUT', '/desk/settings', body),
    onSuccess: (settings) => {
      queryClient.setQueryData(deskKeys.settings, settings);
      void queryClient.invalidateQueries({ queryKey: referenceKeys.priorityMatrix });
    },
  });
}

export function useFollowups(state?: 'open' | 'closed') {
  return useQuery({
    queryKey: deskKeys.followups(state),
    queryFn: () => api.get<Followup[]>('/desk/followups', { state }),
  });
}

export function useCloseFollowup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) =>
      api.post<Followup>(`/desk/followups/${encodeURIComponent(id)}/close`, { note }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['desk-followups'] }),
  });
}

export function useRecordTime(recordId: string, enabled = true) {
  return useQuery({
    queryKey: deskKeys.time(recordId),
    queryFn: () => api.get<RecordTime>('/time-entries', { recordId }),
    enabled,
  });
}
