import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Baseline,
  BaselineDiff,
  Ci,
  CiAudit,
  CiClass,
  CiDetail,
  CiVersion,
  ConfigurationReport,
  ImpactResult,
} from '@trellis/core';
import { api } from '../../app/api';

export const useCmdbAbilities = () =>
  useQuery({
    queryKey: ['cmdb', 'abilities'],
    queryFn: () => api.get<{ read: boolean; manage: boolean; manageClasses: boolean }>('/cmdb/abilities'),
  });
export const useCiClasses = () =>
  useQuery({ queryKey: ['cmdb', 'classes'], queryFn: () => api.get<CiClass[]>('/cmdb/classes') });
export const useCis = (filters: Record<string, string | undefined>) =>
  useQuery({
    queryKey: ['cmdb', 'cis', filters],
    queryFn: () => api.get<{ items: Ci[]; total: number }>('/cmdb/cis', { ...filters, limit: 500 }),
  });
export const useCi = (id: string) =>
  useQuery({ queryKey: ['cmdb', 'ci', id], queryFn: () => api.get<CiDetail>(`/cmdb/cis/${encodeURIComponent(id)}`) });
export const useCiVersions = (id: string) =>
  useQuery({
    queryKey: ['cmdb', 'ci', id, 'versions'],
    queryFn: () => api.get<CiVersion[]>(`/cmdb/cis/${encodeURIComponent(id)}/versions`),
  });
export const useImpact = (id: string, direction: string, depth: number) =>
  useQuery({
    queryKey: ['cmdb', 'ci', id, 'impact', direction, depth],
    queryFn: () => api.get<ImpactResult>(`/cmdb/cis/${encodeURIComponent(id)}/impact`, { direction, depth }),
  });
export const useBaselines = () =>
  useQuery({ queryKey: ['cmdb', 'baselines'], queryFn: () => api.get<Baseline[]>('/cmdb/baselines') });
export const useBaselineDiff = (id: string | null) =>
  useQuery({
    queryKey: ['cmdb', 'baselines', id],
    queryFn: () => api.get<BaselineDiff>(`/cmdb/baselines/${id}/diff`),
    enabled: !!id,
  });
export const useAudits = () =>
  useQuery({ queryKey: ['cmdb', 'audits'], queryFn: () => api.get<CiAudit[]>('/cmdb/audits') });
export const useReport = () =>
  useQuery({ queryKey: ['cmdb', 'report'], queryFn: () => api.get<ConfigurationReport>('/cmdb/report') });

/** Any CMDB write: afterwards every CMDB query is stale. */
export function useCmdbWrite<V, R = unknown>(fn: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: ['cmdb'] }) });
}
