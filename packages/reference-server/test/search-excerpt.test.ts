import { describe, expect, it } from 'vitest';
import { EXCERPT_LENGTH, type Excerpt, excerptOf } from '../src/services/search-excerpt.js';

/** The highlighted parts of an excerpt, as a reader sees them. */
const marked = ({ excerpt, highlights }: Excerpt) => highlights.map((range) => excerpt.slice(range.start, range.end));

describe('excerptOf', () => {
  it('keeps short content whole and marks every whole match, ignoring case and accents', () => {
    const result = excerptOf('Le CAFÉ ouvre; cafe fermé, café', ['cafe']);
    expect(result.excerpt).toBe('Le CAFÉ ouvre; cafe fermé, café');
    expect(marked(result)).toEqual(['CAFÉ', 'cafe', 'café']);
  });

  it('matches the last word as a prefix and the others whole only', () => {
    expect(marked(excerptOf('deploy deployed redeploy the theme', ['the', 'deplo']))).toEqual(['deploy', 'deployed', 'the']);
  });

  it('matches the last word whole only when told it is no prefix', () => {
    expect(marked(excerptOf('a b abc', ['a'], false))).toEqual(['a']);
  });

  it('cuts long content around the first match with … on each cut side, and the ranges still point at the words', () => {
    const before = 'lorem ipsum dolor sit amet '.repeat(20);
    const after = ' consectetur adipiscing elit'.repeat(20);
    const content = `${before}the needle is here${after}`;
    const result = excerptOf(content, ['needle']);
    expect(result.excerpt.startsWith('…')).toBe(true);
    expect(result.excerpt.endsWith('…')).toBe(true);
    expect(result.excerpt.length).toBeLessThanOrEqual(EXCERPT_LENGTH + 2);
    expect(result.excerpt.length).toBeGreaterThan(EXCERPT_LENGTH - 45);
    expect(marked(result)).toEqual(['needle']);
    // Cut between words, not inside one.
    expect(result.excerpt).toMatch(/^…\S/);
    expect(content).toContain(result.excerpt.slice(1, -1));
  });

  it('starts at the beginning when the match is near it, and ends the excerpt at the end of content', () => {
    const start = excerptOf(`needle ${'x '.repeat(200)}`, ['needle']);
    expect(start.excerpt.startsWith('needle')).toBe(true);
    expect(start.excerpt.endsWith('…')).toBe(true);
    expect(start.highlights).toEqual([{ start: 0, end: 6 }]);
    const end = excerptOf(`${'x '.repeat(200)}needle`, ['needle']);
    expect(end.excerpt.startsWith('…')).toBe(true);
    expect(end.excerpt.endsWith('needle')).toBe(true);
    expect(marked(end)).toEqual(['needle']);
  });

  it('counts ranges in UTF-16 code units, past emoji and astral letters', () => {
    const result = excerptOf('🚀 launch 𝒳 launch', ['launch']);
    expect(result.highlights).toEqual([
      { start: 3, end: 9 },
      { start: 13, end: 19 },
    ]);
  });

  it('never splits a surrogate pair at a cut', () => {
    const content = `${'😀'.repeat(150)} needle ${'😀'.repeat(150)}`;
    const { excerpt } = excerptOf(content, ['needle']);
    expect(excerpt).not.toMatch(/\p{Surrogate}/u);
    expect(excerpt).toContain('needle');
  });

  it('shows the start of long content with no highlight when no word matches (a filter-only search)', () => {
    const result = excerptOf('word '.repeat(100), []);
    expect(result.excerpt.startsWith('word')).toBe(true);
    expect(result.highlights).toEqual([]);
  });
});
