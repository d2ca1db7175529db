export * from './search.js';
export { documentTokens, queryTokens, tokenize, warmUpSegmenter } from './tokenize.js';
