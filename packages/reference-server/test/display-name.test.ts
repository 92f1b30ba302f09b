import { describe, expect, it } from 'vitest';
import { ChatError } from '../src/services/chat-error.js';
import { MAX_DISPLAY_NAME_LENGTH, MAX_GUEST_NAME_LENGTH, cleanDisplayName, guestName } from '../src/services/display-name.js';

function refusal(raw: string): ChatError {
  try {
    guestName(raw);
  } catch (error) {
    if (error instanceof ChatError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(raw)} was accepted`);
}

const DECOMPOSED_ZOE = 'Zoe\u0308';
const COMPOSED_ZOE = 'Zoë';

describe('guest names: refused when unsafe, normalised when not', () => {
  it('trims, collapses inner whitespace and normalises to NFC', () => {
    expect(guestName('  Ada \u00a0 Lovelace  ')).toBe('Ada Lovelace');
    expect(DECOMPOSED_ZOE).not.toBe(COMPOSED_ZOE);
    expect(guestName(DECOMPOSED_ZOE)).toBe(COMPOSED_ZOE);
  });

  it('keeps what real names and emoji need: joiners, variation selectors, non-Latin scripts', () => {
    for (const name of ['👨‍👩‍👧 family', 'Ada ❤️', 'می‌خواهم', 'שלום', '李小龍', 'O’Brien-Smith']) {
      expect(guestName(name)).toBe(name.normalize('NFC'));
    }
  });

  it.each([
    ['a newline', 'Ada\nLovelace'],
    ['a NUL', 'Ada\u0000'],
    ['an escape sequence', 'Ada\u001b[31m'],
    ['a DEL', 'Ada\u007f'],
    ['a C1 control', 'Ada\u0085'],
    ['a right-to-left override', 'Ada\u202egnp.exe'],
    ['a left-to-right embedding', '\u202aAda'],
    ['a first-strong isolate', 'Ada\u2068x\u2069'],
    ['a right-to-left mark', 'Ada\u200f'],
    ['an Arabic letter mark', 'Ada\u061c'],
    ['a line separator', 'Ada\u2028Lovelace'],
    ['a lone surrogate', 'Ada\ud800'],
  ])('refuses %s, naming the field', (_kind, raw) => {
    const error = refusal(raw);
    expect(error.code).toBe('invalid_input');
    expect(error.details.field).toBe('name');
    expect(error.message).toMatch(/control|bidirectional|well-formed/);
  });

  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['zero-width spaces', '\u200b\u200b'],
    ['a zero-width joiner and a word joiner', '\u200d\u2060'],
    ['Hangul fillers', '\u3164\u115f'],
    ['a braille blank', '\u2800'],
    ['a soft hyphen and a byte order mark', '\u00ad\ufeff'],
  ])('refuses a name with nothing visible (%s)', (_kind, raw) => {
    const error = refusal(raw);
    expect(error.details.field).toBe('name');
    expect(error.message).toMatch(/visible/);
  });

  it('counts length in characters after normalising, not in UTF-16 units', () => {
    expect(guestName('😀'.repeat(MAX_GUEST_NAME_LENGTH))).toBe('😀'.repeat(MAX_GUEST_NAME_LENGTH));
    expect(refusal('x'.repeat(MAX_GUEST_NAME_LENGTH + 1)).message).toMatch(/32/);
  });

  it.each(['system', 'System', ' SYSTEM ', 'Ｓｙｓｔｅｍ', 's y s t e m', 'Hearth', 'hearth team', 'You', 'admin'])(
    'refuses the reserved name %j',
    (raw) => {
      const error = refusal(raw);
      expect(error.details.field).toBe('name');
      expect(error.message).toMatch(/reserved/);
    },
  );

  it('lets names that merely contain a reserved word through', () => {
    expect(guestName('Systems Ada')).toBe('Systems Ada');
    expect(guestName('Youssef')).toBe('Youssef');
  });
});

describe('names from host tokens: cleaned, never refused', () => {
  it('removes controls and bidirectional formatting, trims and normalises', () => {
    expect(cleanDisplayName('  Ada\u202e\u0000 Love\nlace ')).toBe('Ada Love lace');
    expect(cleanDisplayName(DECOMPOSED_ZOE)).toBe(COMPOSED_ZOE);
    expect(cleanDisplayName('Ada\ud800')).toBe('Ada');
  });

  it('answers an empty string when nothing visible is left, so the caller can fall back', () => {
    expect(cleanDisplayName('\u200b\u202e\u2066 \u3164')).toBe('');
  });

  it('keeps reserved names: the host site vouches for its users', () => {
    expect(cleanDisplayName('System')).toBe('System');
  });

  it('shortens to the limit by characters, never splitting a surrogate pair', () => {
    const cleaned = cleanDisplayName(`a${'😀'.repeat(MAX_DISPLAY_NAME_LENGTH)}`);
    expect([...cleaned]).toHaveLength(MAX_DISPLAY_NAME_LENGTH);
    expect(cleaned).not.toMatch(/\p{Surrogate}/u);
  });
});
