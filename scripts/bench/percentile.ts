/** Percentiles of a latency sample, in the sample's unit. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * The nearest-rank percentile `p` (0–100) of values sorted ascending; `NaN` for an empty sample.
 * Nearest-rank (rather than interpolation) always returns a latency that was actually observed.
 */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** p50, p99 and max of `values` (left untouched: a sorted copy is made). */
export function summarize(values: Float64Array): LatencySummary {
  const sorted = values.slice().sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
  };
}
