import { describe, expect, it } from 'vitest';
import { bm25Scores, foldWord, inverseDocumentFrequency } from '../src/storage/sqlite/search-rank.js';

describe('bm25Scores', () => {
  it('scores a content with the word more often, or a shorter one, higher', () => {
    const [twice, once, longer] = bm25Scores(
      ['deploy deploy now', 'deploy now please', 'deploy now please and then some more'],
      ['deploy'],
      [1],
      false,
    );
    expect(twice).toBeGreaterThan(once as number);
    expect(once).toBeGreaterThan(longer as number);
  });

  it('weighs each word by its weight, so the rarer word counts more', () => {
    const [rareTwice, commonTwice] = bm25Scores(['okapi okapi cat', 'okapi cat cat'], ['okapi', 'cat'], [5, 1], false);
    expect(rareTwice).toBeGreaterThan(commonTwice as number);
  });

  it('counts the last word where it begins a longer one only as a prefix, ignoring case and accents', () => {
    expect(bm25Scores(['Déployé deployment'], ['deploye'], [1], false)[0]).toBeGreaterThan(0);
    const [whole, asPrefix] = [bm25Scores(['deployment'], ['deploy'], [1], false)[0], bm25Scores(['deployment'], ['deploy'], [1], true)[0]];
    expect(whole).toBe(0);
    expect(asPrefix).toBeGreaterThan(0);
  });

  it('folds words as FTS5 does and weighs rare words above common ones', () => {
    expect(foldWord('ÉCOLE')).toBe('ecole');
    expect(foldWord('Plain')).toBe('plain');
    expect(inverseDocumentFrequency(1000, 1)).toBeGreaterThan(inverseDocumentFrequency(1000, 500));
    expect(inverseDocumentFrequency(1000, 1000)).toBeGreaterThan(0);
  });
});
