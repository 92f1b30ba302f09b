/** The rows worth rendering, and the height the rows left out stand for on either side. */
export interface RowSlice {
  /** Index of the first row to render. */
  first: number;
  /** Index after the last row to render. */
  end: number;
  /** Height of the rows before `first`. */
  before: number;
  /** Height of the rows from `end` on. */
  after: number;
  /** Where the list's scroll position should be, `top` clamped to what the rows allow. */
  scrollTop: number;
}

/**
 * Windowing for a long list of rows of varying height, such as a chat's messages: only the rows
 * near the viewport are rendered; the others are stood in for by their height, measured once they
 * have been rendered and estimated (from the rows measured so far) until then. Rows are known by
 * key, so measurements survive rows being added before them (older history) or after.
 */
export class RowWindow {
  private readonly heights = new Map<string, number>();
  private measuredTotal = 0;

  /**
   * @param overscan pixels rendered beyond each edge of the viewport, so that a scroll shows rows
   *   already laid out rather than blank space.
   * @param initialEstimate height assumed for rows before any has been measured.
   */
  constructor(
    private readonly overscan = 600,
    private readonly initialEstimate = 48,
  ) {}

  /** The height of the row with `key`: measured, or estimated. */
  heightOf(key: string): number {
    return this.heights.get(key) ?? this.estimate();
  }

  /** Where the row at `index` starts, from the top of the list. */
  offsetOf(keys: readonly string[], index: number): number {
    let offset = 0;
    for (let i = 0; i < index; i++) offset += this.heightOf(keys[i] as string);
    return offset;
  }

  /**
   * Records the heights of rendered rows; says whether any differs from what was assumed, in which
   * case the spacers and the scroll position computed from it are off and need doing again.
   */
  measure(sizes: ReadonlyArray<readonly [key: string, height: number]>): boolean {
    let changed = false;
    for (const [key, height] of sizes) {
      const known = this.heights.get(key);
      if (known !== undefined && Math.abs(known - height) < 0.5) continue;
      changed ||= Math.abs(this.heightOf(key) - height) >= 0.5;
      this.measuredTotal += height - (known ?? 0);
      this.heights.set(key, height);
    }
    return changed;
  }

  /** Drops the measurements of rows no longer in the list, so that memory follows the list's size. */
  keepOnly(keys: readonly string[]): void {
    if (this.heights.size <= keys.length * 2) return;
    const present = new Set(keys);
    for (const [key, height] of this.heights) {
      if (present.has(key)) continue;
      this.heights.delete(key);
      this.measuredTotal -= height;
    }
  }

  /**
   * The rows to render for a viewport of `viewportHeight` scrolled to `top` (`Infinity` for the
   * end of the list).
   */
  slice(keys: readonly string[], top: number, viewportHeight: number): RowSlice {
    let total = 0;
    for (const key of keys) total += this.heightOf(key);
    const scrollTop = Math.max(0, Math.min(top, total - viewportHeight));
    const from = scrollTop - this.overscan;
    const to = scrollTop + viewportHeight + this.overscan;
    let first = 0;
    let before = 0;
    while (first < keys.length && before + this.heightOf(keys[first] as string) <= from) {
      before += this.heightOf(keys[first] as string);
      first++;
    }
    let end = first;
    let bottom = before;
    while (end < keys.length && bottom < to) {
      bottom += this.heightOf(keys[end] as string);
      end++;
    }
    return { first, end, before, after: total - bottom, scrollTop };
  }

  private estimate(): number {
    return this.heights.size > 0 ? this.measuredTotal / this.heights.size : this.initialEstimate;
  }
}
