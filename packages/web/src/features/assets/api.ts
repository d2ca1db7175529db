import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Asset, AssetDetail, CatalogItem, ImportReport, StockItem } from '@trellis/core';
import { api, request } from '../../app/api';

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

export const useStock = () => useQuery({ queryKey: ['stock'], queryFn: () => api.get<StockItem[]>('/stock') });
/** The catalogue items a stock item's restock requests may be raised on. */
export const useRestockItems = () =>
  useQuery({ queryKey: ['stock', 'restock-items'], queryFn: () => api.get<CatalogItem[]>('/catalog/items') });

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

export function useStockWrite<V>(fn: (vars: V) => Promise<StockItem[]>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: (items) => client.setQueryData(['stock'], items) });
}

export function importAssets(file: File, mode: string) {
  const form = new FormData();
  form.append('file', file);
  return request<ImportReport>('POST', `/asset-import?mode=${mode}`, form);
}
