/**
 * How a page of `limit` messages around a seq splits into older ones and the rest (the seq itself
 * and newer): about half each, the side that has fewer giving its share to the other. `olderFound`
 * and `newerFound` are how many each side has, probed up to `limit + 1`.
 */
export function splitAround(limit: number, olderFound: number, newerFound: number): { older: number; newer: number } {
  const half = Math.floor(limit / 2);
  const newer = Math.min(newerFound, limit - Math.min(olderFound, half));
  const older = Math.min(olderFound, limit - newer);
  return { older, newer };
}
