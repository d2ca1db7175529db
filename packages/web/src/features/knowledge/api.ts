import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Article,
  ArticleAction,
  ArticleInput,
  ArticlePrefill,
  ArticleState,
  ArticleSummary,
  ArticleVersion,
  KnowledgeStats,
  UpdateArticle,
} from '@trellis/core';
import { api } from '../../app/api';

export const knowledgeKeys = {
  all: ['knowledge'] as const,
  list: (filters: ArticleFilters) => ['knowledge', 'list', filters] as const,
  article: (id: string) => ['knowledge', 'article', id] as const,
  versions: (id: string) => ['knowledge', 'versions', id] as const,
  suggest: (q: string) => ['knowledge', 'suggest', q] as const,
  prefill: (source: string) => ['knowledge', 'prefill', source] as const,
  stats: ['knowledge', 'stats'] as const,
  reviewsDue: ['knowledge', 'reviews-due'] as const,
  forRecord: (id: string) => ['knowledge', 'for-record', id] as const,
};

export interface ArticleFilters {
  q?: string;
  state?: ArticleState;
  categoryId?: string;
  tag?: string;
  owner?: string;
}

export function useArticles(filters: ArticleFilters) {
  return useQuery({
    queryKey: knowledgeKeys.list(filters),
    queryFn: () => api.get<{ items: ArticleSummary[] }>('/knowledge/articles', { ...filters, limit: 50 }),
    placeholderData: keepPreviousData,
  });
}

export function useArticle(id: string) {
  return useQuery({
    queryKey: knowledgeKeys.article(id),
    queryFn: () => api.get<Article>(`/knowledge/articles/${encodeURIComponent(id)}`),
    enabled: !!id,
    staleTime: 60_000,
  });
}

export function useArticleVersions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: knowledgeKeys.versions(id),
    queryFn: () => api.get<{ items: ArticleVersion[] }>(`/knowledge/articles/${encodeURIComponent(id)}/versions`),
    enabled,
  });
}

export function useSuggestions(q: string, enabled = true) {
  return useQuery({
    queryKey: knowledgeKeys.suggest(q),
    queryFn: () => api.get<{ items: ArticleSummary[] }>('/knowledge/suggest', { q, limit: 5 }),
    enabled: enabled && q.trim().length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function usePrefill(source: { fromIncident?: string; fromProblem?: string }) {
  const key = source.fromIncident ? `i:${source.fromIncident}` : source.fromProblem ? `p:${source.fromProblem}` : '';
  return useQuery({
    queryKey: knowledgeKeys.prefill(key),
    queryFn: () => api.get<ArticlePrefill>('/knowledge/prefill', source),
    enabled: key !== '',
    retry: false,
  });
}

export function useKnowledgeStats(enabled: boolean) {
  return useQuery({
    queryKey: knowledgeKeys.stats,
    queryFn: () => api.get<KnowledgeStats>('/knowledge/stats'),
    enabled,
  });
}

export function useReviewsDue() {
  return useQuery({
    queryKey: knowledgeKeys.reviewsDue,
    queryFn: () => api.get<{ items: ArticleSummary[] }>('/knowledge/reviews-due'),
  });
}

export function useArticlesForRecord(recordId: string) {
  return useQuery({
    queryKey: knowledgeKeys.forRecord(recordId),
    queryFn: () => api.get<{ items: ArticleSummary[] }>(`/knowledge/for-record/${encodeURIComponent(recordId)}`),
  });
}

export function useArticleMutations() {
  const queryClient = useQueryClient();
  const store = (article: Article) => {
    queryClient.setQueryData(knowledgeKeys.article(article.id), article);
    void queryClient.invalidateQueries({ queryKey: knowledgeKeys.all, predicate: (q) => q.queryKey[1] !== 'article' });
  };
  const create = useMutation({
    mutationFn: (body: ArticleInput) => api.post<Article>('/knowledge/articles', body),
    onSuccess: store,
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateArticle }) =>
      api.patch<Article>(`/knowledge/articles/${encodeURIComponent(id)}`, body),
    onSuccess: store,
  });
  const transition = useMutation({
    mutationFn: ({ id, action, note }: { id: string; action: ArticleAction; note?: string }) =>
      api.post<Article>(`/knowledge/articles/${encodeURIComponent(id)}/${action}`, note ? { note } : {}),
    onSuccess: store,
  });
  const feedback = useMutation({
    mutationFn: ({ id, useful, comment }: { id: string; useful: boolean; comment?: string }) =>
      api.post<Article>(`/knowledge/articles/${encodeURIComponent(id)}/feedback`, { useful, comment }),
    onSuccess: store,
  });
  const link = useMutation({
    mutationFn: ({ id, target }: { id: string; target: string }) =>
      api.post<Article>(`/knowledge/articles/${encodeURIComponent(id)}/links`, { target }),
    onSuccess: store,
  });
  return { create, update, transition, feedback, link };
}

/** Deflection: what the portal showed and what the requester opened, per report session. */
export function recordSuggestionEvent(sessionId: string, event: 'shown' | 'opened', articleIds: string[]) {
  return api.post('/knowledge/suggestion-events', { sessionId, event, articleIds }).catch(() => undefined);
}
