import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/api';
import type { RegisterItem } from './register.types';

/** The cache key of a register's list; other hooks reading the same list share it. */
export const registerKey = (path: string) => ['register', path] as const;

/**
 * One hook for every register: its list and its create / update / archive, each refreshing the list.
 * Validation errors reject with the server's error, which FormModal puts next to the field.
 */
export function useRegister<T extends RegisterItem, I extends object>(
  path: string,
  options: { enabled?: boolean } = {},
) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: registerKey(path) });
  const item = (id: string) => `${path}/${encodeURIComponent(id)}`;
  return {
    list: useQuery({
      queryKey: registerKey(path),
      queryFn: () => api.get<T[]>(path),
      staleTime: 30_000,
      enabled: options.enabled ?? true,
    }),
    create: useMutation({ mutationFn: (body: I) => api.post<T>(path, body), onSuccess: refresh }),
    update: useMutation({
      mutationFn: ({ id, ...body }: Partial<I> & { id: string }) => api.patch<T>(item(id), body),
      onSuccess: refresh,
    }),
    archive: useMutation({ mutationFn: (id: string) => api.delete(item(id)), onSuccess: refresh }),
  };
}
