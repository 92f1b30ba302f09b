import { describe, expect, it } from 'vitest';
import { type Shape, mismatch } from './shape.js';

describe('mismatch', () => {
  const leaves: Array<[Shape, unknown, boolean]> = [
    ['s', 'text', true],
    ['s', '', true],
    ['s', 1, false],
    ['s', null, false],
    ['s', undefined, false],
    ['n', 1.5, true],
    ['n', -2, true],
    ['n', '1', false],
    ['b', false, true],
    ['b', 0, false],
    ['b', 'true', false],
    ['i', 0, true],
    ['i', 42, true],
    ['i', -1, false],
    ['i', 1.5, false],
    ['i', '3', false],
    ['i', null, false],
    ['s?', 'text', true],
    ['s?', null, true],
    ['s?', undefined, true],
    ['s?', 0, false],
    ['?', undefined, true],
    ['?', { any: ['thing'] }, true],
  ];

  it.each(leaves)("shape '%s' with %j fits: %s", (shape, value, fits) => {
    expect(mismatch(value, shape)).toBe(fits ? undefined : '(root)');
  });

  it('names the first property that does not fit, as a dotted path', () => {
    const shape = { id: 's', author: { id: 's', name: 's' }, seq: 'i' } as const;

    expect(mismatch({ id: 'm', author: { id: 'u', name: 'Ada' }, seq: 1 }, shape)).toBeUndefined();
    expect(mismatch({ id: 'm', author: { id: 'u' }, seq: 1 }, shape)).toBe('author.name');
    expect(mismatch({ id: 'm', author: null, seq: 1 }, shape)).toBe('author');
    expect(mismatch({ id: 'm', author: { id: 'u', name: 'Ada' }, seq: '1' }, shape)).toBe('seq');
  });

  it('names array items by index', () => {
    const shape = { messages: [{ seq: 'i' }] } as const;

    expect(mismatch({ messages: [] }, shape)).toBeUndefined();
    expect(mismatch({ messages: [{ seq: 1 }, { seq: 2 }, { seq: '3' }] }, shape)).toBe('messages.2.seq');
    expect(mismatch([{ seq: 1 }, 'x'], [{ seq: 'i' }])).toBe('1');
    expect(mismatch({ messages: { 0: { seq: 1 }, length: 1 } }, shape)).toBe('messages');
  });

  it('allows extra properties and missing optional ones', () => {
    expect(mismatch({ id: 'a', extra: [1, 2] }, { id: 's' })).toBeUndefined();
    expect(mismatch({ id: 'a' }, { id: 's', iconUrl: 's?' })).toBeUndefined();
  });

  it('rejects null, arrays and primitives where an object belongs', () => {
    expect(mismatch(null, { id: 's' })).toBe('(root)');
    expect(mismatch([], {})).toBe('(root)');
    expect(mismatch('x', {})).toBe('(root)');
    expect(mismatch({ user: [] }, { user: {} })).toBe('user');
  });

  it('does not take a JSON __proto__ key or an Object.prototype member for data', () => {
    expect(mismatch(JSON.parse('{"__proto__": {"id": "x"}}'), { id: 's' })).toBe('id');
    expect(mismatch({}, JSON.parse('{"constructor": "s"}') as Shape)).toBe('constructor');
  });
});
