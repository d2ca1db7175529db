import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CatalogItem, Locale } from '@trellis/core';
import { api } from '../../app/api';
import { useRegister } from '../../kit/useRegister';

export const catalogKeys = {
  item: (id: string) => ['catalog-item', id] as const,
};

/** The items the person may order; shares the register's cache, so a save on the admin page refreshes it. */
export function useCatalogItems() {
  return useRegister<CatalogItem, object>('/catalog/items').list;
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
