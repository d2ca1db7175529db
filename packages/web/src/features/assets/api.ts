import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Asset, AssetDetail, ImportReport, StockItem } from '@trellis/core';
import { api, request } from '../../app/api';
import { registerKey } from '../../kit/useRegister';

export interface AssetFilters {
  q?: string;
  class?: string;
  status?: string;
}

export const useAssetsAbilities = () =>
  useQuery({
    queryKey: ['assets', 'abilities'],
    queryFn: () => api.get<{ read: boolean; manage: boolean; approveDisposal: boolean }>('/assets/abilities'),
  });

export const useAssets = (filters: AssetFilters) =>
  useQuery({
    queryKey: ['assets', 'list', filters],
    queryFn: () => api.get<{ items: Asset[]; total: number }>('/assets', { ...filters, limit: 500 }),
  });

export const useMyAssets = () =>
  useQuery({ queryKey: ['assets', 'mine'], queryFn: () => api.get<Asset[]>('/assets/mine') });

export const useAsset = (id: string) =>
  useQuery({ queryKey: ['asset', id], queryFn: () => api.get<AssetDetail>(`/assets/${encodeURIComponent(id)}`) });

export const useLocations = () =>
  useQuery({
    queryKey: ['cmdb', 'locations'],
    queryFn: () => api.get<{ id: string; name: string }[]>('/cmdb/locations'),
  });

/** A write that answers with the new state of one asset and refreshes the lists. */
export function useAssetWrite<V>(fn: (vars: V) => Promise<AssetDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (asset) => {
      client.setQueryData(['asset', asset.id], asset);
      void client.invalidateQueries({ queryKey: ['assets'] });
    },
  });
}

/** An operation on stock (issue, restock, threshold) answers the whole list: it becomes the register's list. */
export function useStockWrite<V>(fn: (vars: V) => Promise<StockItem[]>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: (items) => client.setQueryData(registerKey('/stock'), items) });
}

export function importAssets(file: File, mode: string) {
  const form = new FormData();
  form.append('file', file);
  return request<ImportReport>('POST', `/asset-import?mode=${mode}`, form);
}
