import { createRequire } from 'node:module';

/**
 * Tokens for full-text search, computed here so that SQLite (FTS5) and PostgreSQL (tsvector)
 * index exactly the same terms and need no extension. Chinese runs give overlapping two-character
 * pairs (a query of 打印机 finds 打印机卡纸 whatever the segmenter decides) plus jieba's words
 * (连不上, 打印机), which rank whole-word hits higher. Latin letters and digits give lower-cased
 * words, so "VPN" finds "vpn".
 */

interface Segmenter {
  cutForSearch(text: string, hmm?: boolean): string[];
  cut(text: string, hmm?: boolean): string[];
}

let segmenter: Segmenter | null = null;

/** Loading jieba's dictionary takes about a second, so it happens once, on first use. */
function jieba(): Segmenter {
  if (!segmenter) {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): Segmenter } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    segmenter = Jieba.withDict(dict);
  }
  return segmenter;
}

/** Starts loading the dictionary in the background so the first search is not the slow one. */
export function warmUpSegmenter(): void {
  setImmediate(() => {
    try {
      jieba();
    } catch {
      // The first real search will report the problem.
    }
  });
}

const CJK_RUN = /[\p{Script=Han}]+/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const HAN = /\p{Script=Han}/u;
/** Longer than any real word; stops a pasted hash or base64 blob from bloating the index. */
const MAX_WORD = 40;

export interface Tokens {
  /** Whole words in Latin script or digits: every one must match a query. */
  words: string[];
  /** Chinese pairs and segments: any may match; more matches rank higher. */
  han: string[];
}

export function tokenize(text: string): Tokens {
  const normalized = text.normalize('NFKC').toLowerCase();
  const words: string[] = [];
  const han: string[] = [];
  for (const [run] of normalized.matchAll(CJK_RUN)) {
    if (run.length === 1) han.push(run);
    for (let i = 0; i + 1 < run.length; i++) han.push(run.slice(i, i + 2));
    if (run.length > 2) {
      for (const word of jieba().cutForSearch(run, true)) if (word.length > 2) han.push(word);
    }
  }
  for (const [word] of normalized.matchAll(WORD)) {
    if (HAN.test(word)) {
      // Mixed runs such as "win10系统": keep the non-Han parts as words.
      for (const part of word.split(/\p{Script=Han}+/u)) if (part && part.length <= MAX_WORD) words.push(part);
    } else if (word.length <= MAX_WORD) {
      words.push(word);
    }
  }
  return { words, han };
}

/** Chinese text cut into words (jieba, no overlaps): for telling real words from character pairs. */
export function segmentWords(text: string): string[] {
  return [...text.normalize('NFKC').matchAll(CJK_RUN)].flatMap(([run]) => jieba().cut(run, true));
}

/** Every token of a document, in order, for the index. */
export function documentTokens(text: string): string[] {
  const { words, han } = tokenize(text);
  return [...han, ...words];
}

/** The distinct tokens of a query; empty when nothing searchable was typed. */
export function queryTokens(query: string): Tokens {
  const { words, han } = tokenize(query);
  return { words: [...new Set(words)].slice(0, 16), han: [...new Set(han)].slice(0, 48) };
}
