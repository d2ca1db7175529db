import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Category, Department, Locale, Organization, Role, Service, SupportGroup, User } from '@trellis/core';
import { registerKey } from '../kit/useRegister';
import { api } from './api';

/** Reference data shared by the console, the portal and the admin screens. */
export interface PriorityMatrixData {
  matrix: number[][];
  levels: { level: number; impact: string; urgency: string; examples: string }[];
}

// Lists that are registers share the register cache, so a save on their admin page refreshes every reader.
export const referenceKeys = {
  categories: registerKey('/categories'),
  groups: registerKey('/groups'),
  services: registerKey('/services'),
  organizations: registerKey('/organizations'),
  departments: (organizationId: string) => ['departments', organizationId] as const,
  users: (query: UserQuery) => ['users', query] as const,
  priorityMatrix: ['priority-matrix'] as const,
};

export function useCategories(enabled = true) {
  return useQuery({
    queryKey: referenceKeys.categories,
    queryFn: () => api.get<Category[]>('/categories'),
    staleTime: 60_000,
    enabled,
  });
}

export function useServices(enabled = true) {
  return useQuery({
    queryKey: referenceKeys.services,
    queryFn: () => api.get<Service[]>('/services'),
    staleTime: 60_000,
    enabled,
  });
}

export function useGroups(enabled = true) {
  return useQuery({
    queryKey: referenceKeys.groups,
    queryFn: () => api.get<SupportGroup[]>('/groups'),
    staleTime: 60_000,
    enabled,
  });
}

export function useOrganizations(enabled = true) {
  return useQuery({
    queryKey: referenceKeys.organizations,
    queryFn: () => api.get<Organization[]>('/organizations'),
    staleTime: 60_000,
    enabled,
  });
}

export function useDepartments(organizationId: string | null | undefined) {
  return useQuery({
    queryKey: referenceKeys.departments(organizationId ?? ''),
    queryFn: () => api.get<Department[]>(`/organizations/${encodeURIComponent(organizationId ?? '')}/departments`),
    enabled: Boolean(organizationId),
    staleTime: 60_000,
  });
}

export interface UserQuery {
  q?: string;
  role?: Role;
  organizationId?: string;
  staff?: 'true' | 'false';
}

export function useUsers(query: UserQuery, enabled = true) {
  return useQuery({
    queryKey: referenceKeys.users(query),
    queryFn: () => api.get<User[]>('/users', { ...query }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled,
  });
}

export function usePriorityMatrix(enabled = true) {
  return useQuery({
    queryKey: referenceKeys.priorityMatrix,
    queryFn: () => api.get<PriorityMatrixData>('/priority-matrix'),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function categoryName(category: Pick<Category, 'nameZh' | 'nameEn'>, locale: Locale): string {
  return locale === 'zh-CN' ? category.nameZh : category.nameEn || category.nameZh;
}

export interface CategoryNode {
  value: string;
  title: string;
  key: string;
  disabled?: boolean;
  category: Category;
  children?: CategoryNode[];
}

/** Builds the tree from parentId; children sorted by `sort`, then name. Orphans become roots. */
export function categoryTree(categories: Category[], locale: Locale, options: { activeOnly?: boolean } = {}) {
  const list = options.activeOnly ? categories.filter((c) => c.active) : categories;
  const ids = new Set(list.map((c) => c.id));
  const byParent = new Map<string | null, Category[]>();
  for (const category of list) {
    const parent = category.parentId && ids.has(category.parentId) ? category.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), category]);
  }
  const build = (parent: string | null): CategoryNode[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.sort - b.sort || categoryName(a, locale).localeCompare(categoryName(b, locale)))
      .map((category) => {
        const children = build(category.id);
        return {
          value: category.id,
          key: category.id,
          title: categoryName(category, locale),
          category,
          ...(children.length > 0 ? { children } : {}),
        };
      });
  return build(null);
}

/** "硬件 / 打印机" — the category with its ancestors. */
export function categoryPath(categories: Category[], id: string | null, locale: Locale): string | null {
  if (!id) return null;
  const byId = new Map(categories.map((c) => [c.id, c]));
  const names: string[] = [];
  let current = byId.get(id);
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(categoryName(current, locale));
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names.length > 0 ? names.join(' / ') : null;
}
