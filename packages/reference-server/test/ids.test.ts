import { describe, expect, it } from 'vitest';
import { newId } from '../src/domain/ids.js';

describe('newId', () => {
  it('gives ids of 16 URL-safe characters after the prefix, none repeated across several pool refills', () => {
    const ids = Array.from({ length: 2000 }, () => newId('m'));
    for (const id of ids) expect(id).toMatch(/^m_[A-Za-z0-9_-]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws fresh bytes for each id: no two ids of a run share their random part', () => {
    const parts = Array.from({ length: 600 }, (_, index) => newId(index % 2 === 0 ? 'c' : 's').slice(2));
    expect(new Set(parts).size).toBe(parts.length);
  });
});
