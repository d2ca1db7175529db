import { tokenize } from '../../platform/search/index.js';

/**
 * Text similarity for recurring-incident detection and the "similar records" panel, from the
 * same tokens the search index uses: Chinese character pairs plus jieba words, Latin words.
 * Jaccard over the token sets is crude but explainable, and needs no model.
 */
const STOPWORDS = new Set(
  'a an the and or of to in on at for is are was were be it my i me we our can cannot not no with from this that please help 无法 不能 一直 问题 请问 帮忙 我们 今天'.split(
    ' ',
  ),
);

export function similarityTokens(text: string): Set<string> {
  const { words, han } = tokenize(text.slice(0, 400));
  return new Set([...han, ...words].filter((t) => !STOPWORDS.has(t)));
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const t of small) if (large.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/** What an incident is about: the title counts fully, the start of the description adds context. */
export const recordText = (title: string, description: string) => `${title}\n${title}\n${description.slice(0, 160)}`;
