import { defineMachine } from './machine.js';

/** Knowledge articles: draft → in review → published → retired; a reviewer approves. Pure. */

export const ARTICLE_STATES = ['draft', 'in_review', 'published', 'retired'] as const;
export type ArticleState = (typeof ARTICLE_STATES)[number];
export const ARTICLE_ACTIONS = ['submit', 'approve', 'reject', 'retire', 'restore'] as const;
export type ArticleAction = (typeof ARTICLE_ACTIONS)[number];

const ARTICLE_FROM: Record<ArticleAction, readonly ArticleState[]> = {
  submit: ['draft'],
  approve: ['in_review'],
  reject: ['in_review'],
  retire: ['draft', 'in_review', 'published'],
  restore: ['retired'],
};
const ARTICLE_TO: Record<ArticleAction, ArticleState> = {
  submit: 'in_review',
  approve: 'published',
  reject: 'draft',
  retire: 'retired',
  restore: 'draft',
};

export function nextArticleState(
  state: ArticleState,
  action: ArticleAction,
): { ok: true; state: ArticleState } | { ok: false; code: 'knowledge.illegal_transition' } {
  if (!ARTICLE_FROM[action].includes(state)) return { ok: false, code: 'knowledge.illegal_transition' };
  return { ok: true, state: ARTICLE_TO[action] };
}

export const articleMachine = defineMachine({
  labels: 'knowledge.',
  states: ARTICLE_STATES,
  actions: ARTICLE_ACTIONS,
  stateOf: (state: ArticleState) => state,
  transition: nextArticleState,
});

/** Editing a published or reviewed article makes a new draft; readers keep the approved version meanwhile. */
export function stateAfterEdit(state: ArticleState): ArticleState {
  return state === 'retired' ? 'retired' : 'draft';
}
