import { describe, expect, it } from 'vitest';
import { seqGap, takeRun } from './seq-reorder.js';

const holding = (...seqs: number[]) => new Map(seqs.map((seq) => [seq, `#${seq}`]));

describe('the gap-filling rule', () => {
  it('releases nothing while the next seq is missing, and names the gap to read', () => {
    const ahead = holding(4, 5);
    expect(takeRun(ahead, 2)).toEqual([]);
    expect(ahead.size).toBe(2);
    expect(seqGap(ahead, 2)).toEqual({ after: 2, before: 4 });
  });

  it('releases the contiguous run after the last seq, in order, and keeps what lies beyond the next gap', () => {
    const ahead = holding(5, 3, 4, 8);
    expect(takeRun(ahead, 2)).toEqual(['#3', '#4', '#5']);
    expect([...ahead.keys()]).toEqual([8]);
    expect(seqGap(ahead, 5)).toEqual({ after: 5, before: 8 });
  });

  it('forgets what is at or below the last seq shown', () => {
    const ahead = holding(1, 2, 3);
    expect(takeRun(ahead, 2)).toEqual(['#3']);
    expect(ahead.size).toBe(0);
    expect(seqGap(ahead, 3)).toBeUndefined();
  });

  it('reports no gap when the first held item is the next one, or nothing is held', () => {
    expect(seqGap(holding(3), 2)).toBeUndefined();
    expect(seqGap(holding(), 2)).toBeUndefined();
  });

  it('measures the gap to the lowest seq held, whatever order they came in', () => {
    expect(seqGap(holding(9, 4, 7), 1)).toEqual({ after: 1, before: 4 });
  });
});
