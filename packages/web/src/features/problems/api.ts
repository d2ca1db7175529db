import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateProblem,
  Problem,
  ProblemAction,
  ProblemCandidate,
  ProblemSummary,
  SimilarRecord,
  UpdateProblem,
} from '@trellis/core';
import { api } from '../../app/api';

export const problemKeys = {
  all: ['problems'] as const,
  list: (state: string, q: string) => ['problems', 'list', state, q] as const,
  detail: (id: string) => ['problems', 'detail', id] as const,
  candidates: (status: string) => ['problems', 'candidates', status] as const,
  review: ['problems', 'review'] as const,
  similar: (incidentId: string) => ['problems', 'similar', incidentId] as const,
};

export function useProblems(state: string, q: string) {
  return useQuery({
    queryKey: problemKeys.list(state, q),
    queryFn: () => api.get<{ items: ProblemSummary[] }>('/problems', { state, q, limit: 100 }),
  });
}

export function useProblem(id: string) {
  return useQuery({
    queryKey: problemKeys.detail(id),
    queryFn: () => api.get<Problem>(`/problems/${encodeURIComponent(id)}`),
  });
}

export function useCandidates(status: string) {
  return useQuery({
    queryKey: problemKeys.candidates(status),
    queryFn: () => api.get<{ items: ProblemCandidate[] }>('/problems/candidates', { status }),
  });
}

export function useProblemReview() {
  return useQuery({
    queryKey: problemKeys.review,
    queryFn: () => api.get<{ items: (ProblemSummary & { reasons: string[] })[] }>('/problems/review'),
  });
}

export function useSimilar(incidentId: string) {
  return useQuery({
    queryKey: problemKeys.similar(incidentId),
    queryFn: () =>
      api.get<{ items: SimilarRecord[]; problems: ProblemSummary[] }>(
        `/incidents/${encodeURIComponent(incidentId)}/similar`,
      ),
  });
}

const path = (id: string, rest = '') => `/problems/${encodeURIComponent(id)}${rest}`;

export function useProblemMutations() {
  const queryClient = useQueryClient();
  const store = (problem: Problem) => {
    queryClient.setQueryData(problemKeys.detail(problem.id), problem);
    queryClient.setQueryData(problemKeys.detail(problem.number), problem);
    void queryClient.invalidateQueries({ queryKey: problemKeys.all, predicate: (q) => q.queryKey[1] !== 'detail' });
  };
  return {
    create: useMutation({
      mutationFn: (body: CreateProblem) => api.post<Problem>('/problems', body),
      onSuccess: store,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdateProblem }) => api.patch<Problem>(path(id), body),
      onSuccess: store,
    }),
    transition: useMutation({
      mutationFn: ({ id, action, note }: { id: string; action: ProblemAction; note?: string }) =>
        api.post<Problem>(path(id, `/${action.replace(/_/g, '-')}`), note ? { note } : {}),
      onSuccess: store,
    }),
    linkIncidents: useMutation({
      mutationFn: ({ id, incidentIds }: { id: string; incidentIds: string[] }) =>
        api.post<Problem>(path(id, '/incidents'), { incidentIds }),
      onSuccess: store,
    }),
    publishKnownError: useMutation({
      mutationFn: (id: string) => api.post<Problem>(path(id, '/known-error-article')),
      onSuccess: store,
    }),
    addAction: useMutation({
      mutationFn: ({ id, body }: { id: string; body: unknown }) => api.post<Problem>(path(id, '/actions'), body),
      onSuccess: store,
    }),
    updateAction: useMutation({
      mutationFn: ({ id, actionId, body }: { id: string; actionId: string; body: unknown }) =>
        api.patch<Problem>(path(id, `/actions/${encodeURIComponent(actionId)}`), body),
      onSuccess: store,
    }),
    upload: useMutation({
      mutationFn: ({ id, file }: { id: string; file: File }) => {
        const form = new FormData();
        form.append('file', file);
        return api.post<Problem>(path(id, '/attachments'), form);
      },
      onSuccess: store,
    }),
    accept: useMutation({
      mutationFn: (candidateId: string) =>
        api.post<Problem>(`/problems/candidates/${encodeURIComponent(candidateId)}/accept`),
      onSuccess: store,
    }),
    dismiss: useMutation({
      mutationFn: (candidateId: string) => api.post(`/problems/candidates/${encodeURIComponent(candidateId)}/dismiss`),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: problemKeys.all }),
    }),
    detect: useMutation({
      mutationFn: () => api.post<{ clusters: number; proposed: number }>('/problems/candidates/detect'),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: problemKeys.all }),
    }),
  };
}
