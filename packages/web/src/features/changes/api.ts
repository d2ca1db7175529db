import '@trellis/core/modules/changes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../app/api';

/** The change page as the server sends it (docs/change-management.md). */
export interface ChangeView {
  id: string;
  number: string;
  title: string;
  description: string;
  state: string;
  type: 'standard' | 'normal' | 'emergency';
  purpose: string;
  content: string;
  reason: string;
  plan: { title: string; detail: string }[];
  backoutPlan: string;
  testPlan: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  estimatedCost: number | null;
  estimatedEffortHours: number | null;
  services: { id: string; nameZh: string; nameEn: string }[];
  cis: { id: string; name: string }[];
  riskScore: number | null;
  riskLevel: string | null;
  overrideReason: string;
  retrospective: boolean;
  approvals: {
    id: string;
    round: number;
    name: string;
    rule: 'any' | 'all' | 'majority';
    state: string;
    approvers: { id: string; name: string }[];
    votes: { voter: { id: string; name: string }; vote: string; reason: string; conditions: string }[];
  }[];
  tasks: {
    id: string;
    seq: number;
    title: string;
    state: string;
    note: string;
    assignee: { id: string; name: string } | null;
  }[];
  window: { fits: boolean; inMaintenance: boolean; blackouts: string[] };
  verification: { at: string; by: { name: string }; note: string } | null;
  pir: { objectivesMet: boolean; lessons: string; followUps: string[] } | null;
  version: number;
  timeline: {
    id: string;
    at: string;
    type: string;
    body: string | null;
    actor: { name: string } | null;
    data: Record<string, unknown>;
  }[];
  abilities: Record<string, boolean>;
  allowedActions: string[];
}
export interface ChangeRow {
  id: string;
  number: string;
  title: string;
  state: string;
  type: string;
  riskLevel: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  createdAt: string;
}
export interface Conflict {
  kind: string;
  message: string;
  change: { id: string; number: string; title: string } | null;
  ci: { id: string; name: string; depth?: number } | null;
  service: { nameZh: string; nameEn: string } | null;
  window: { name: string } | null;
}

export const changeKeys = {
  all: ['changes'] as const,
  detail: (id: string) => ['changes', 'detail', id] as const,
};

const path = (id: string, rest = '') => `/changes/${encodeURIComponent(id)}${rest}`;

export const useChanges = (query: Query) =>
  useQuery({ queryKey: ['changes', 'list', query], queryFn: () => api.get<{ items: ChangeRow[] }>('/changes', query) });
export const useChange = (id: string) =>
  useQuery({ queryKey: changeKeys.detail(id), queryFn: () => api.get<ChangeView>(path(id)) });
export const useConflicts = (id: string) =>
  useQuery({
    queryKey: ['changes', 'conflicts', id],
    queryFn: () => api.get<{ items: Conflict[] }>(path(id, '/conflicts')),
  });
export const useCiVersions = (id: string) =>
  useQuery({
    queryKey: ['changes', 'versions', id],
    queryFn: () =>
      api.get<{
        items: {
          ci: { id: string; name: string };
          version: number;
          at: string;
          action: string;
          unauthorized: boolean;
        }[];
      }>(path(id, '/ci-versions')),
  });
export const usePirCandidates = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: ['changes', 'pir', id],
    enabled,
    queryFn: () => api.get<{ items: { id: string; number: string; title: string }[] }>(path(id, '/pir-candidates')),
  });
export const useRiskQuestions = () =>
  useQuery({
    queryKey: ['changes', 'questions'],
    queryFn: () =>
      api.get<{ id: string; textZh: string; textEn: string; answers: { labelZh: string; labelEn: string }[] }[]>(
        '/change-risk-questions',
        { active: 'true' },
      ),
  });
export const useTemplates = () =>
  useQuery({
    queryKey: ['changes', 'templates'],
    queryFn: () => api.get<{ id: string; name: string }[]>('/change-templates', { active: 'true' }),
  });
export const useCalendar = (query: Query) =>
  useQuery({
    queryKey: ['changes', 'calendar', query],
    queryFn: () =>
      api.get<{
        changes: {
          id: string;
          number: string;
          title: string;
          state: string;
          riskLevel: string | null;
          start: string;
          end: string;
        }[];
        windows: { id: string; name: string; kind: string; start: string; end: string }[];
      }>('/change-calendar', query),
  });
export const useMeetings = (enabled: boolean) =>
  useQuery({
    queryKey: ['changes', 'meetings'],
    enabled,
    queryFn: () =>
      api.get<{ items: { id: string; title: string; startsAt: string; state: string }[] }>('/cab-meetings'),
  });
export interface MeetingView {
  id: string;
  title: string;
  startsAt: string;
  state: string;
  minutes: string;
  items: {
    changeId: string;
    number: string;
    title: string;
    riskLevel: string | null;
    decision: string | null;
    conditions: string;
  }[];
}
export const useMeeting = (id: string | null) =>
  useQuery({
    queryKey: ['changes', 'meeting', id],
    enabled: !!id,
    queryFn: () => api.get<MeetingView>(`/cab-meetings/${id}`),
  });

/** Every write answers the change page (or the meeting); the caches follow. */
export function useChangeWrite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ url, body, method = 'POST' }: { url: string; body?: unknown; method?: 'POST' | 'PATCH' }) =>
      method === 'PATCH' ? api.patch<unknown>(url, body ?? {}) : api.post<unknown>(url, body ?? {}),
    onSuccess: () => client.invalidateQueries({ queryKey: changeKeys.all }),
  });
}
