export * from './search.js';
export { documentTokens, queryTokens, segmentWords, tokenize, warmUpSegmenter } from './tokenize.js';
