import { useQuery } from '@tanstack/react-query';
import { api } from '../app/api';
import type { RegisterItem } from './register.types';
import { useRemove, useSave } from './useSave';

/** The cache key of a register's list; other hooks reading the same list share it. */
export const registerKey = (path: string) => ['register', path] as const;

/**
 * One hook for every register: its list, and save (create or update) and archive through the shared
 * save hooks, each refreshing the list. Validation errors reject with the server's error, which
 * FormModal puts next to the field.
 */
export function useRegister<T extends RegisterItem, I extends object>(
  path: string,
  options: { enabled?: boolean; params?: Record<string, string> } = {},
) {
  const { params } = options;
  return {
    list: useQuery({
      // Under the register's key, so a save refreshes every variant of the list.
      queryKey: params ? [...registerKey(path), params] : registerKey(path),
      queryFn: () => api.get<T[]>(path, params),
      staleTime: 30_000,
      enabled: options.enabled ?? true,
    }),
    save: useSave<T, Partial<I>>(path, [registerKey(path)]),
    archive: useRemove(path, [registerKey(path)]),
  };
}
