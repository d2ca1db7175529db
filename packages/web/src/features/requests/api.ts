import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RequestTask, ServiceRequest, ServiceRequestSummary } from '@trellis/core';
import { api } from '../../app/api';

export interface RequestFilters {
  state?: string;
  requester?: string;
  q?: string;
}

export const requestKeys = {
  lists: ['requests'] as const,
  list: (f: RequestFilters) => ['requests', f] as const,
  detail: (id: string) => ['request', id] as const,
  approvals: ['approvals'] as const,
  tasks: ['request-tasks'] as const,
};

export function useRequestList(filters: RequestFilters) {
  return useInfiniteQuery({
    queryKey: requestKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<{ items: ServiceRequestSummary[]; nextCursor: string | null }>('/requests', {
        ...filters,
        limit: 30,
        cursor: pageParam,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useRequest(id: string) {
  return useQuery({
    queryKey: requestKeys.detail(id),
    queryFn: () => api.get<ServiceRequest>(`/requests/${encodeURIComponent(id)}`),
  });
}

export interface MyApproval {
  approvalId: string;
  step: number;
  request: ServiceRequestSummary;
  createdAt: string;
}

export function useMyApprovals() {
  return useQuery({ queryKey: requestKeys.approvals, queryFn: () => api.get<MyApproval[]>('/approvals') });
}

export function useMyTasks(enabled = true) {
  return useQuery({
    queryKey: requestKeys.tasks,
    queryFn: () => api.get<(RequestTask & { request: ServiceRequestSummary })[]>('/request-tasks'),
    enabled,
  });
}

/** Posts an action (approve, tasks/:id/complete, accept, …) and refreshes what it changes. */
export function useRequestAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) =>
      api.post<ServiceRequest>(`/requests/${encodeURIComponent(id)}/${path}`, body ?? {}),
    onSuccess: async (data) => {
      queryClient.setQueryData(requestKeys.detail(id), data);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: requestKeys.lists }),
        queryClient.invalidateQueries({ queryKey: requestKeys.approvals }),
        queryClient.invalidateQueries({ queryKey: requestKeys.tasks }),
      ]);
    },
  });
}
