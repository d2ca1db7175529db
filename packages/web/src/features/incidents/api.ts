import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Attachment, CreateIncident, Incident, IncidentState, IncidentSummary } from '@trellis/core';
import { api, isRecordConflict, request } from '../../app/api';

export interface IncidentFilters {
  state?: readonly IncidentState[];
  level?: number;
  assignee?: string;
  owner?: string;
  groupId?: string;
  organizationId?: string;
  requester?: string;
  q?: string;
  major?: 'true' | 'false';
  limit?: number;
}

interface IncidentPage {
  items: IncidentSummary[];
  nextCursor: string | null;
}

export const incidentKeys = {
  lists: ['incidents'] as const,
  list: (filters: IncidentFilters) => ['incidents', filters] as const,
  detail: (id: string) => ['incident', id] as const,
};

/** Keyset pages: each page's nextCursor is the next page's cursor ("load more"). */
export function useIncidentList(filters: IncidentFilters) {
  return useInfiniteQuery({
    queryKey: incidentKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<IncidentPage>('/incidents', { ...filters, limit: filters.limit ?? 30, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useIncident(idOrNumber: string) {
  return useQuery({
    queryKey: incidentKeys.detail(idOrNumber),
    queryFn: () => api.get<Incident>(`/incidents/${encodeURIComponent(idOrNumber)}`),
    refetchInterval: 30_000,
  });
}

export function useCreateIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateIncident) => api.post<Incident>('/incidents', body),
    onSuccess: (incident) => {
      queryClient.setQueryData(incidentKeys.detail(incident.id), incident);
      void queryClient.invalidateQueries({ queryKey: incidentKeys.lists });
    },
  });
}

export type IncidentActionName =
  | 'take'
  | 'assign'
  | 'classify'
  | 'comments'
  | 'hold'
  | 'resume'
  | 'resolve'
  | 'confirm'
  | 'reopen'
  | 'archive'
  | 'cancel'
  | 'watchers'
  | 'links'
  | 'transfer'
  | 'escalate'
  | 'collaborators'
  | 'major'
  | 'major-updates'
  | 'merge'
  | 'time';

/**
 * Every action is a POST that answers the updated incident; the answer replaces the cached one,
 * so buttons (abilities) and the timeline follow the server at once.
 */
/** Actions that only add (a comment, a watcher, time): nothing to overwrite, so no version check. */
const APPEND_ONLY = new Set<IncidentActionName>([
  'comments',
  'watchers',
  'links',
  'collaborators',
  'major-updates',
  'time',
]);

export function useIncidentActions(cacheKey: string) {
  const queryClient = useQueryClient();
  const store = (incident: Incident) => {
    queryClient.setQueryData(incidentKeys.detail(cacheKey), incident);
    if (incident.id !== cacheKey) queryClient.setQueryData(incidentKeys.detail(incident.id), incident);
    void queryClient.invalidateQueries({ queryKey: incidentKeys.lists });
    void queryClient.invalidateQueries({ queryKey: ['record-time', incident.id] });
  };
  const run = useMutation({
    /** `version` is the one on screen: the server refuses the action (409) if the incident has moved on since. */
    mutationFn: ({
      id,
      action,
      body,
      version,
    }: {
      id: string;
      action: IncidentActionName;
      body?: unknown;
      version?: number;
    }) =>
      request<Incident>(
        'POST',
        `/incidents/${encodeURIComponent(id)}/${action}`,
        body ?? {},
        version !== undefined && !APPEND_ONLY.has(action) ? { 'If-Match': `"${version}"` } : {},
      ),
    onSuccess: store,
    // Someone else took or changed it: show what is true now.
    onError: (error, { id }) => {
      if (isRecordConflict(error)) {
        void queryClient.invalidateQueries({ queryKey: incidentKeys.detail(cacheKey) });
        if (id !== cacheKey) void queryClient.invalidateQueries({ queryKey: incidentKeys.detail(id) });
      }
    },
  });
  const removeWatcher = useMutation({
    mutationFn: ({ id, userId }: { id: string; userId: string }) =>
      request<Incident | undefined>(
        'DELETE',
        `/incidents/${encodeURIComponent(id)}/watchers/${encodeURIComponent(userId)}`,
      ),
    onSuccess: (incident) => {
      if (incident) store(incident);
      else void queryClient.invalidateQueries({ queryKey: incidentKeys.detail(cacheKey) });
    },
  });
  const upload = useMutation({
    mutationFn: ({ id, file }: { id: string; file: File }) => {
      const form = new FormData();
      form.append('file', file);
      return api.post<Attachment>(`/incidents/${encodeURIComponent(id)}/attachments`, form);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: incidentKeys.detail(cacheKey) }),
  });
  return { run, removeWatcher, upload };
}
