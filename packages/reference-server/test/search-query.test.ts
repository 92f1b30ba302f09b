import { MAX_SEARCH_QUERY_LENGTH } from '@hearth/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { ChatError } from '../src/services/chat-error.js';
import { parseSearch, wordsOf } from '../src/services/search-query.js';

/** The `invalid_input` a parse throws, or undefined when it parses. */
function refusalOf(text: string): ChatError | undefined {
  try {
    parseSearch(text);
    return undefined;
  } catch (error) {
    if (error instanceof ChatError) return error;
    throw error;
  }
}

describe('parseSearch: words', () => {
  it('lowercases words and drops the punctuation between them', () => {
    expect(parseSearch('Deploy, the RELEASE!')).toEqual({ words: ['deploy', 'the', 'release'], prefix: true, from: [], in: [] });
  });

  it('keeps letters and digits of any script, accents included (the engines fold them)', () => {
    expect(parseSearch('Café 東京 v2 naïve').words).toEqual(['café', '東京', 'v2', 'naïve']);
  });

  it('splits punctuated runs into their words, so none of FTS5 or tsquery syntax survives', () => {
    expect(parseSearch('"deploy NEAR(x y)" a* b:* c&d|!e (f) -g ^h').words).toEqual([
      'deploy',
      'near',
      'x',
      'y',
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
    ]);
  });

  it('searches unknown key:value pairs as words: URLs, times, unknown filters', () => {
    expect(parseSearch('https://example.com/deploy 10:30 foo:bar').words).toEqual([
      'https',
      'example',
      'com',
      'deploy',
      '10',
      '30',
      'foo',
      'bar',
    ]);
    expect(parseSearch('to:"Ada Lovelace"').words).toEqual(['to', 'ada', 'lovelace']);
  });

  it('refuses text with neither words nor filters, naming q', () => {
    for (const text of ['', '   ', '!!!', '"', '*', ':*', '&|!', '""']) {
      const refusal = refusalOf(text);
      expect(refusal?.code, text).toBe('invalid_input');
      expect(refusal?.details.field).toBe('q');
    }
  });

  it(`refuses text over ${MAX_SEARCH_QUERY_LENGTH} characters and takes one of exactly that`, () => {
    expect(refusalOf('a'.repeat(MAX_SEARCH_QUERY_LENGTH + 1))?.message).toMatch(/over 256/);
    expect(parseSearch('a'.repeat(MAX_SEARCH_QUERY_LENGTH)).words).toEqual(['a'.repeat(MAX_SEARCH_QUERY_LENGTH)]);
  });
});

describe('parseSearch: filters', () => {
  it('reads from:, in:, has: with @ and # optional, keys in any case', () => {
    expect(parseSearch('deploy FROM:@ada in:#general has:Image')).toEqual({
      words: ['deploy'],
      prefix: true,
      from: ['ada'],
      in: ['general'],
      has: 'image',
    });
    expect(parseSearch('from:u_ada in:general has:file')).toMatchObject({ from: ['u_ada'], in: ['general'], has: 'file' });
  });

  it('takes values with spaces in double quotes', () => {
    expect(parseSearch('from:"Ada Lovelace" in:"#release notes" plan')).toEqual({
      words: ['plan'],
      prefix: true,
      from: ['Ada Lovelace'],
      in: ['release notes'],
    });
  });

  it('collects repeated from: and in:, and keeps the last of the others', () => {
    expect(parseSearch('from:ada from:bob in:a in:b has:file has:image')).toEqual({
      words: [],
      prefix: false,
      from: ['ada', 'bob'],
      in: ['a', 'b'],
      has: 'image',
    });
  });

  it('turns before: into the start of that day and after: into its end, in UTC', () => {
    expect(parseSearch('before:2026-03-01 after:2026-02-28')).toMatchObject({
      before: '2026-03-01T00:00:00.000Z',
      after: '2026-03-01T00:00:00.000Z',
    });
    expect(parseSearch('after:2024-12-31').after).toBe('2025-01-01T00:00:00.000Z');
  });

  it('accepts filters alone, without words', () => {
    expect(parseSearch('has:file')).toEqual({ words: [], prefix: false, from: [], in: [], has: 'file' });
  });

  it('refuses a known filter with a bad value, naming the filter', () => {
    const cases: Array<[string, RegExp]> = [
      ['has:video', /^has:/],
      ['has:', /^has:/],
      ['before:soon', /^before:/],
      ['before:2026-02-30', /^before:/],
      ['after:2026-13-01', /^after:/],
      ['after:26-1-1', /^after:/],
      ['from:', /^from:/],
      ['from:@', /^from:/],
      ['from:""', /^from:/],
      ['in:#', /^in:/],
    ];
    for (const [text, message] of cases) {
      const refusal = refusalOf(`deploy ${text}`);
      expect(refusal?.code, text).toBe('invalid_input');
      expect(refusal?.message, text).toMatch(message);
      expect(refusal?.details.field).toBe('q');
    }
  });

  it('reads an unclosed quote to the end of the text', () => {
    expect(parseSearch('from:"Ada Love')).toMatchObject({ from: ['Ada Love'] });
    expect(parseSearch('"deploy now').words).toEqual(['deploy', 'now']);
  });
});

describe('parseSearch: prefix', () => {
  it('matches the last word as a prefix when it has two characters or more', () => {
    expect(parseSearch('deploy to').prefix).toBe(true);
    expect(parseSearch('deploy t').prefix).toBe(false);
    expect(parseSearch('t deploy').prefix).toBe(true);
    expect(parseSearch('deploy 東').prefix).toBe(false);
  });
});

describe('wordsOf', () => {
  it('finds the runs of letters, digits and marks', () => {
    expect(wordsOf("it's 3.14 — e\u0301te\u0301")).toEqual(['it', 's', '3', '14', 'e\u0301te\u0301']);
  });
});
