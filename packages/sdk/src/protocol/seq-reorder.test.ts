import { describe, expect, it } from 'vitest';
import { SeqReorder } from './seq-reorder.js';

const holding = (...seqs: number[]) => {
  const ahead = new SeqReorder<string>();
  for (const seq of seqs) ahead.hold(seq, `#${seq}`);
  return ahead;
};

describe('SeqReorder', () => {
  it('releases nothing while the next seq is missing, and names the gap to read', () => {
    const ahead = holding(4, 5);
    expect(ahead.takeRun(2)).toEqual([]);
    expect(ahead.size).toBe(2);
    expect(ahead.gap(2)).toEqual({ after: 2, before: 4 });
  });

  it('releases the contiguous run after the last seq, in order, and keeps what lies beyond the next gap', () => {
    const ahead = holding(5, 3, 4, 8);
    expect(ahead.takeRun(2)).toEqual(['#3', '#4', '#5']);
    expect(ahead.size).toBe(1);
    expect(ahead.firstHeld).toBe(8);
    expect(ahead.gap(5)).toEqual({ after: 5, before: 8 });
  });

  it('forgets what is at or below the last seq shown', () => {
    const ahead = holding(1, 2, 3);
    expect(ahead.takeRun(2)).toEqual(['#3']);
    expect(ahead.size).toBe(0);
    expect(ahead.gap(3)).toBeUndefined();
  });

  it('reports no gap when the first held item is the next one', () => {
    expect(holding(3).gap(2)).toBeUndefined();
    expect(holding().gap(2)).toBeUndefined();
  });

  it('hands out a held item once, for a reader that got it from storage instead', () => {
    const ahead = holding(3);
    expect(ahead.take(3)).toBe('#3');
    expect(ahead.take(3)).toBeUndefined();
    expect(ahead.firstHeld).toBeUndefined();
  });

  it('keeps the latest of two items held for one seq, and forgets all on clear', () => {
    const ahead = holding(3);
    ahead.hold(3, 'again');
    expect(ahead.takeRun(2)).toEqual(['again']);
    ahead.hold(9, '#9');
    ahead.clear();
    expect(ahead.size).toBe(0);
  });
});
