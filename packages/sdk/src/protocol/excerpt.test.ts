import { describe, expect, it } from 'vitest';
import { excerptOf } from './excerpt.js';
import { MAX_EXCERPT_LENGTH } from './limits.js';

describe('excerptOf', () => {
  it('writes known mentions as names and leaves unknown ones as written', () => {
    expect(excerptOf('hi <@u_ada> and <@u_zed>', [{ id: 'u_ada', name: 'Ada' }])).toBe('hi @Ada and <@u_zed>');
  });

  it('cuts to the limit after naming, never inside a surrogate pair or a mention', () => {
    const filler = 'x'.repeat(MAX_EXCERPT_LENGTH - 1);
    expect(excerptOf(`${filler}😀`)).toBe(filler);
    expect(excerptOf(`${'x'.repeat(MAX_EXCERPT_LENGTH - 6)} <@u_someone>`)).toBe(`${'x'.repeat(MAX_EXCERPT_LENGTH - 6)} `);
    const long = `${'x'.repeat(MAX_EXCERPT_LENGTH - 10)} <@u_ada> after`;
    expect(excerptOf(long, [{ id: 'u_ada', name: 'Ada' }])).toBe(`${'x'.repeat(MAX_EXCERPT_LENGTH - 10)} @Ada afte`);
  });
});
