import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CatalogItem, Locale } from '@trellis/core';
import { api } from '../../app/api';

export const catalogKeys = {
  items: (all: boolean) => ['catalog-items', all] as const,
  item: (id: string) => ['catalog-item', id] as const,
};

export function useCatalogItems(all = false) {
  return useQuery({
    queryKey: catalogKeys.items(all),
    queryFn: () => api.get<CatalogItem[]>('/catalog/items', all ? { all: 'true' } : {}),
    staleTime: 30_000,
  });
}

export function useCatalogItem(id: string) {
  return useQuery({
    queryKey: catalogKeys.item(id),
    queryFn: () => api.get<CatalogItem>(`/catalog/items/${encodeURIComponent(id)}`),
  });
}

export interface Person {
  id: string;
  name: string;
  departmentName: string | null;
}

export function usePeople(q: string) {
  return useQuery({
    queryKey: ['catalog-people', q],
    queryFn: () => api.get<Person[]>('/catalog/people', q ? { q } : {}),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export const pick = (locale: Locale, zh: string, en: string) => (locale === 'en-US' ? en || zh : zh);
