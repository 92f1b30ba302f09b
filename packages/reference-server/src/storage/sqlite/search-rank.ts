/** BM25's term-frequency saturation and length normalisation, FTS5's defaults. */
const K1 = 1.2;
const B = 0.75;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}/gu;

const NON_ASCII = /[^\t\n\r\x20-\x7e]/;

/** A word folded as FTS5's `unicode61 remove_diacritics 2` folds it: accents removed, lowercased. */
export const foldWord = (word: string): string =>
  // Most words are ASCII, which has no accents to remove: skip the normalisation, the costly part.
  !NON_ASCII.test(word) ? word.toLowerCase() : word.normalize('NFD').replace(MARKS, '').toLowerCase();

/** How rare a word is: BM25's inverse document frequency, from how many of `total` documents hold it. */
export function inverseDocumentFrequency(total: number, holding: number): number {
  return Math.log(1 + (total - holding + 0.5) / (holding + 0.5));
}

/**
 * The BM25 score of each content for `words` (each weighted by its `weights` entry, its inverse
 * document frequency; the last word also counted where it begins a longer one when `prefix`),
 * with lengths normalised against the contents' own average. Higher is better.
 */
export function bm25Scores(contents: readonly string[], words: readonly string[], weights: readonly number[], prefix: boolean): number[] {
  const wanted = words.map(foldWord);
  const last = wanted.length - 1;
  const tokenized = contents.map((content) => Array.from(content.matchAll(WORD), (match) => foldWord(match[0])));
  const averageLength = tokenized.reduce((sum, tokens) => sum + tokens.length, 0) / Math.max(1, tokenized.length) || 1;
  return tokenized.map((tokens) => {
    const norm = K1 * (1 - B + (B * tokens.length) / averageLength);
    let score = 0;
    wanted.forEach((word, index) => {
      let frequency = 0;
      for (const token of tokens) if (token === word || (prefix && index === last && token.startsWith(word))) frequency += 1;
      score += ((weights[index] ?? 1) * (frequency * (K1 + 1))) / (frequency + norm);
    });
    return score;
  });
}
