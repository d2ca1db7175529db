import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/api';

export interface SaveVars<B> {
  /** Present: PATCH `{path ?? collection}/{id}`; absent: POST `path ?? collection`. */
  id?: string;
  body?: B;
  /** Another URL than the collection's, e.g. an action (`/channels/mailboxes/1/poll`) or a nested list. */
  path?: string;
}

/**
 * The one save hook: creates (POST) or updates (PATCH) under `collection`, then refreshes every query
 * under `invalidate` before the returned promise settles, so a form closes onto fresh data.
 */
export function useSave<T, B = unknown>(
  collection: string,
  invalidate: readonly QueryKey[],
  options: { onError?: (error: Error) => void } = {},
) {
  const refresh = useRefresh(invalidate);
  return useMutation({
    mutationFn: ({ id, body, path }: SaveVars<B>) =>
      id
        ? api.patch<T>(`${path ?? collection}/${encodeURIComponent(id)}`, body)
        : api.post<T>(path ?? collection, body),
    onSuccess: refresh,
    onError: options.onError,
  });
}

/** Deletes `{collection}/{id}`, then refreshes the queries under `invalidate`. */
export function useRemove(collection: string, invalidate: readonly QueryKey[]) {
  const refresh = useRefresh(invalidate);
  return useMutation({
    mutationFn: (id: string) => api.delete(`${collection}/${encodeURIComponent(id)}`),
    onSuccess: refresh,
  });
}

function useRefresh(invalidate: readonly QueryKey[]) {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
}
