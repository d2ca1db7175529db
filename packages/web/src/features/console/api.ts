import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BulkAction,
  BulkResult,
  CannedReply,
  IncidentTemplate,
  PresenceList,
  QueueFilters,
  QueuePage,
  SavedView,
  SaveView,
  SearchResponse,
} from '@trellis/core';
import { api, request } from '../../app/api';
import { useRegister } from '../../kit/useRegister';
import { useRemove, useSave } from '../../kit/useSave';

export const consoleKeys = {
  queue: ['console', 'queue'] as const,
  queueList: (filters: QueueListFilters) => ['console', 'queue', filters] as const,
  views: ['console', 'views'] as const,
  templates: (all: boolean) => ['console', 'templates', all] as const,
  search: (q: string, kinds: string[]) => ['search', q, kinds] as const,
};

export type QueueListFilters = QueueFilters & { view?: string; limit?: number };

/** The console queue (all record kinds), keyset pages as in the incident list. */
export function useQueueList(filters: QueueListFilters) {
  return useInfiniteQuery({
    queryKey: consoleKeys.queueList(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<QueuePage>('/console/queue', {
        ...filters,
        major: filters.major === undefined ? undefined : String(filters.major),
        level: filters.level?.map(String),
        limit: filters.limit ?? 30,
        cursor: pageParam,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useSavedViews(enabled = true) {
  return useQuery({ queryKey: consoleKeys.views, queryFn: () => api.get<SavedView[]>('/console/views'), enabled });
}

export function useViewMutations() {
  return {
    save: useSave<SavedView, SaveView>('/console/views', [consoleKeys.views]),
    remove: useRemove('/console/views', [consoleKeys.views]),
  };
}

export function useBulkAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkAction) => api.post<BulkResult>('/console/bulk', body),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: consoleKeys.queue });
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
      void queryClient.invalidateQueries({ queryKey: ['incident'] });
    },
  });
}

/** The canned replies register, shared by the page, the reply picker and bulk actions. */
export function useCannedReplies(enabled = true) {
  return useRegister<CannedReply, ReplyInput>('/console/canned-replies', { enabled }).list;
}

export interface ReplyInput {
  title: string;
  body: string;
  shared?: boolean;
}

export function useTemplates(all = false, enabled = true) {
  return useQuery({
    queryKey: consoleKeys.templates(all),
    queryFn: () => api.get<IncidentTemplate[]>('/console/templates', { all: all ? 'true' : undefined }),
    staleTime: 30_000,
    enabled,
  });
}

export type TemplateInput = Omit<IncidentTemplate, 'id' | 'level'>;

export function useTemplateMutations() {
  return { save: useSave<IncidentTemplate, Partial<TemplateInput>>('/console/templates', [['console', 'templates']]) };
}

export const presenceBeat = (recordId: string, mode: 'viewing' | 'editing') =>
  request<PresenceList>('PUT', `/console/presence/${encodeURIComponent(recordId)}`, { mode });
export const presenceLeave = (recordId: string) =>
  request<void>('DELETE', `/console/presence/${encodeURIComponent(recordId)}`);

export function useSearch(q: string, kinds: string[] = []) {
  return useQuery({
    queryKey: consoleKeys.search(q, kinds),
    queryFn: () => api.get<SearchResponse>('/search', { q, kinds, limit: 50 }),
    enabled: q.trim().length > 0,
  });
}
