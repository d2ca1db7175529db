import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReleaseState, ReleaseType, SiteState } from '@trellis/core/modules/releases';
import '@trellis/core/modules/releases';
import '@trellis/core/modules/changes';
import { api } from '../../app/api';

/** A release as the server's release page answers it (docs/release-management.md). */
export interface Release {
  id: string;
  number: string;
  title: string;
  description: string;
  state: ReleaseState;
  type: ReleaseType;
  version: string;
  organizationId: string;
  assignee: { id: string; name: string } | null;
  plan: Record<string, string | null>;
  services: { id: string; nameZh: string; nameEn: string }[];
  changes: { id: string; number: string; title: string; state: string }[];
  problems: { id: string; number: string; title: string; state: string; role: 'closes' | 'found' }[];
  dslItems: { id: string; name: string; version: string; checksum: string; licence: string }[];
  customerReps: { id: string; name: string }[];
  ciTargets: {
    ciId: string;
    version: string;
    changeId: string | null;
    ci: { id: string; code: string; name: string; currentVersion: unknown; unauthorized: boolean } | null;
  }[];
  sites: {
    id: string;
    location: { id: string; code: string; name: string };
    owner: { id: string; name: string };
    windowStart: string;
    windowEnd: string;
    activities: string;
    state: SiteState;
    note: string;
  }[];
  tests: {
    id: string;
    testCase: string;
    expected: string;
    actual: string;
    environment: 'staging' | 'production';
    result: 'pass' | 'fail';
    tester: { id: string; name: string };
    attachments: { id: string; filename: string }[];
    at: string;
  }[];
  testTally: { passed: number; failing: number; passedStaging: number };
  acceptance: { at: string; by: { id: string; name: string }; conditions: string; note: string } | null;
  reworkCount: number;
  backoutReport: string;
  verification: { at: string; by: { name: string }; note: string } | null;
  outcome: 'success' | 'rolled_back' | null;
  baselineId: string | null;
  notesArticleId: string | null;
  successLog: { kind: string; ref: string; detail?: string }[];
  review: { expected: string; actual: string; objectivesMet: boolean; lessons: string } | null;
  reviewIncidents: number | null;
  abilities: Record<string, boolean>;
  allowedActions: string[];
  version_: number;
}

export interface ReleaseSummary {
  id: string;
  number: string;
  title: string;
  state: ReleaseState;
  type: ReleaseType;
  version: string;
  releaseDate: string | null;
  outcome: string | null;
  createdAt: string;
}

export const releaseKeys = {
  all: ['releases'] as const,
  list: (query: Record<string, string | boolean>) => ['releases', 'list', query] as const,
  detail: (id: string) => ['releases', 'detail', id] as const,
  calendar: (from: string, to: string) => ['releases', 'calendar', from, to] as const,
};

export function useReleases(query: Record<string, string | boolean>) {
  return useQuery({
    queryKey: releaseKeys.list(query),
    queryFn: () => api.get<{ items: ReleaseSummary[] }>('/releases', { ...query, limit: 200 }),
  });
}

export function useRelease(id: string) {
  return useQuery({
    queryKey: releaseKeys.detail(id),
    queryFn: () => api.get<Release>(`/releases/${encodeURIComponent(id)}`),
  });
}

export interface CalendarAnswer {
  releases: (ReleaseSummary & { releaseDate: string })[];
  sites: {
    id: string;
    releaseId: string;
    number: string;
    title: string;
    location: string;
    windowStart: string;
    windowEnd: string;
    state: SiteState;
  }[];
}

export function useReleaseCalendar(from: string, to: string) {
  return useQuery({
    queryKey: releaseKeys.calendar(from, to),
    queryFn: () => api.get<CalendarAnswer>('/releases-calendar', { from, to }),
  });
}

/** One mutation per release action; each answers the release page, which replaces the cached one. */
export function useReleaseAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) =>
      api.post<Release>(`/releases/${encodeURIComponent(id)}/${path}`, body ?? {}),
    onSuccess: (release) => {
      client.setQueryData(releaseKeys.detail(id), release);
      void client.invalidateQueries({ queryKey: ['releases', 'list'] });
    },
  });
}

export function useUpdateRelease(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) => api.patch<Release>(`/releases/${encodeURIComponent(id)}`, body),
    onSuccess: (release) => client.setQueryData(releaseKeys.detail(id), release),
  });
}

export function useCreateRelease() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) => api.post<Release>('/releases', body),
    onSuccess: () => client.invalidateQueries({ queryKey: releaseKeys.all }),
  });
}

export async function uploadEvidence(releaseId: string, testId: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  return api.post<Release>(`/releases/${encodeURIComponent(releaseId)}/tests/${testId}/evidence`, form);
}
