import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { AuditEvent } from '@trellis/core';
import { api } from '../../app/api';

/** Creates (POST) or updates (PATCH) a resource, then refreshes the lists under `invalidate`. */
export function useSave<T>(collection: string, invalidate: readonly (readonly string[])[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, path }: { id?: string; body: unknown; path?: string }) =>
      id
        ? api.patch<T>(`${path ?? collection}/${encodeURIComponent(id)}`, body)
        : api.post<T>(path ?? collection, body),
    onSuccess: async () => {
      await Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  });
}

export interface AuditFilters {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
}

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<{ items: AuditEvent[]; nextCursor: string | null }>('/audit', {
        ...filters,
        limit: 50,
        cursor: pageParam,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
