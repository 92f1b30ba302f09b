import type { ChatChannel } from '@hearth/sdk';
import { type ReactiveController, type ReactiveElement, type TemplateResult, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Row } from './message-rows.js';
import { headingOf } from './reader-heading.js';
import { type RowSlice, RowWindow } from './row-window.js';

/**
 * What the list pages through: a channel, or a thread (which has no window to jump back from, as
 * it always ends at its newest reply).
 */
export type PagedHistory = Pick<ChatChannel, '$status' | 'loadOlder'> & Partial<Pick<ChatChannel, 'jumpToLatest'>>;

/** Renders in a row that found rows of other heights than assumed, before the list gives up settling. */
const MAX_REMEASURES = 8;

/**
 * The scrolling message list of `<chat-messages>`: only the rows near the viewport are rendered
 * (the others stand in as spacers of their height), the list follows the newest message until the
 * reader scrolls up, the row the reader looks at stays put when rows above it change, and
 * scrolling to the top loads older history.
 */
export class MessageWindow implements ReactiveController {
  private readonly rowWindow = new RowWindow();
  private followingNewest = true;
  private unseenCount = 0;
  /** The keys of the rows last rendered, for the scroll handler. */
  private lastKeys: string[] = [];
  /** The rows rendered now, as indices into `lastKeys`. */
  private rendered = { first: 0, end: 0 };
  private lastScrollTop = 0;
  private settling = false;
  private readerScrolledAt = -Infinity;
  /** Which way the reader's last wheel or key went; a drag or a touch says neither. */
  private readerHeading: 'up' | 'down' | undefined;
  /** Renders in a row that found rows of other heights than assumed. */
  private remeasures = 0;
  /**
   * The row the reader is looking at and how far below the list's top it sits, kept in place
   * across renders: older rows added above, or rows above measured at last, must not move it.
   */
  private anchor: { key: string; offset: number } | undefined;
  /** Rows change height when the list's width changes; they are measured again then. */
  private readonly resizes = new ResizeObserver(() => this.host.requestUpdate());

  /** @param channel the channel (or thread) whose history the list shows (for loading older or newer pages). */
  constructor(
    private readonly host: ReactiveElement,
    private readonly channel: () => PagedHistory | undefined,
  ) {
    host.addController(this);
  }

  /** Whether the list keeps the newest message in view. */
  get following(): boolean {
    return this.followingNewest;
  }

  /** How many messages from others arrived below while the reader was scrolled up. */
  get unseen(): number {
    return this.unseenCount;
  }

  /** Starts over at the newest message, as when another channel opens. */
  reset(): void {
    this.setFollowing(true);
    this.setUnseen(0);
  }

  /** Follows the newest message again, as after the user sends one. */
  follow(): void {
    this.setFollowing(true);
  }

  /**
   * Scrolls the row with `key` to the middle of the list, focuses it and flashes it (a quoted
   * message the reader asked to see); the list stops following the newest message. The row may be
   * far outside the rendered slice: the list scrolls to where the row is estimated to be, and
   * again once it is rendered and measured.
   */
  async reveal(key: string): Promise<void> {
    this.setFollowing(false);
    // The click that asked for it is no reader's scroll: the scrolls below must not follow the end.
    this.readerScrolledAt = -Infinity;
    for (let frames = 0; frames < 30; frames++) {
      const list = this.list;
      const index = this.lastKeys.indexOf(key);
      if (!list || index < 0) return;
      const row = this.renderedRows(list).find((candidate) => candidate.dataset.key === key);
      if (row) {
        row.scrollIntoView({ block: 'center' });
        row.tabIndex = -1;
        row.focus({ preventScroll: true });
        row.classList.add('flash');
        row.addEventListener('animationend', () => row.classList.remove('flash'), { once: true });
        return;
      }
      list.scrollTop = this.rowWindow.offsetOf(this.lastKeys, index) - list.clientHeight / 2;
      this.host.requestUpdate();
      await new Promise(requestAnimationFrame);
    }
  }

  /** Counts messages that arrived at the end, unseen while the reader is scrolled up. */
  noteArrived(count: number): void {
    if (!this.followingNewest) this.setUnseen(this.unseenCount + count);
  }

  hostConnected(): void {
    this.resizes.observe(this.host);
  }

  hostDisconnected(): void {
    this.resizes.disconnect();
  }

  /** Notes which row the reader is looking at, before the render moves rows around it. */
  hostUpdate(): void {
    const list = this.list;
    this.anchor = undefined;
    if (!list || this.followingNewest) return;
    const top = list.getBoundingClientRect().top;
    // A message, not a day separator: the separator of the oldest day moves up as that day's
    // older messages arrive.
    const row = this.renderedRows(list).find(
      (candidate) => candidate.localName === 'article' && candidate.getBoundingClientRect().bottom > top,
    );
    if (row) this.anchor = { key: row.dataset.key as string, offset: row.getBoundingClientRect().top - top };
  }

  hostUpdated(): void {
    const list = this.list;
    if (!list) return;
    const changed = this.measureRows(list);
    if (this.followingNewest) {
      list.scrollTop = list.scrollHeight;
      this.scrollToNewest();
    } else {
      this.restoreAnchor(list);
    }
    // Rendered again with the rows' true heights; after this update, not inside it. A few passes
    // settle any slice; a bound keeps a layout that never settles from holding the page.
    this.remeasures = changed ? this.remeasures + 1 : 0;
    if (changed && this.remeasures <= MAX_REMEASURES) queueMicrotask(() => this.host.requestUpdate());
  }

  /** The list: the rows in view between spacers that stand for the others. */
  render(rows: readonly Row[], renderRow: (row: Row) => TemplateResult, label: string): TemplateResult {
    const slice = this.sliceFor(rows);
    return html`<div
      part="list"
      class="list"
      role="log"
      aria-label=${label}
      tabindex="0"
      @scroll=${this.onScroll}
      @wheel=${this.onReaderScroll}
      @touchmove=${this.onReaderScroll}
      @pointerdown=${this.onReaderScroll}
      @keydown=${this.onReaderScroll}
    >
      <div style=${styleMap({ height: `${slice.before}px` })}></div>
      ${repeat(rows.slice(slice.first, slice.end), (row) => row.key, renderRow)}
      <div style=${styleMap({ height: `${slice.after}px` })}></div>
    </div>`;
  }

  /** The button to the newest messages, while there are some out of view. */
  renderNewMessages(labels: { newMessages: string; jumpToPresent: string }) {
    const hasNewer = this.channel()?.$status.get().hasNewer ?? false;
    if (this.unseenCount === 0 && !hasNewer) return nothing;
    return html`<button part="new-messages" class="primary new-messages" @click=${this.showNewest}>
      ${hasNewer ? labels.jumpToPresent : `${labels.newMessages} (${this.unseenCount})`}
    </button>`;
  }

  private get list(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('[part="list"]');
  }

  private setFollowing(following: boolean): void {
    if (following === this.followingNewest) return;
    this.followingNewest = following;
    this.host.requestUpdate();
  }

  private setUnseen(count: number): void {
    if (count === this.unseenCount) return;
    this.unseenCount = count;
    this.host.requestUpdate();
  }

  /** The rows to render: the newest when following, else those around the row the reader was at. */
  private sliceFor(rows: readonly Row[]): RowSlice {
    const keys = (this.lastKeys = rows.map((row) => row.key));
    this.rowWindow.keepOnly(keys);
    const list = this.list;
    let top = Number.POSITIVE_INFINITY;
    if (!this.followingNewest) {
      const anchor = this.anchor;
      const index = anchor ? keys.indexOf(anchor.key) : -1;
      top = anchor && index >= 0 ? this.rowWindow.offsetOf(keys, index) - anchor.offset : (list?.scrollTop ?? 0);
    }
    const slice = this.rowWindow.slice(keys, top, list?.clientHeight || this.host.clientHeight || 800);
    this.rendered = slice;
    return slice;
  }

  /** The rows rendered now, in order. */
  private renderedRows(list: HTMLElement): HTMLElement[] {
    return [...list.querySelectorAll<HTMLElement>(':scope > [data-key]')];
  }

  /**
   * Records the rendered rows' heights, each on its own (its box and the margin above it, which
   * rows have and spacers do not), so a row measures the same wherever the slice ends; says
   * whether they differ from what the render assumed.
   */
  private measureRows(list: HTMLElement): boolean {
    return this.rowWindow.measure(
      this.renderedRows(list).map((row) => [
        row.dataset.key as string,
        row.getBoundingClientRect().height + (Number.parseFloat(getComputedStyle(row).marginTop) || 0),
      ]),
    );
  }

  /** Scrolls so that the anchored row is where the reader saw it. */
  private restoreAnchor(list: HTMLElement): void {
    const anchor = this.anchor;
    const row = anchor && this.renderedRows(list).find((candidate) => candidate.dataset.key === anchor.key);
    if (!anchor || !row) return;
    const moved = row.getBoundingClientRect().top - list.getBoundingClientRect().top - anchor.offset;
    if (Math.abs(moved) >= 1) list.scrollTop += moved;
  }

  private readonly onScroll = (): void => {
    const list = this.list;
    if (!list) return;
    // Only a scroll the reader started (wheel, touch, keys, scrollbar) decides whether the list
    // follows the newest message; the list's own corrections do not.
    if (performance.now() - this.readerScrolledAt < 1000) {
      const fromBottom = list.scrollHeight - list.scrollTop - list.clientHeight;
      // A reader heading up is never pulled back to follow, even when a layout correction lands
      // the list at its end just then.
      if (fromBottom < 48 && this.readerHeading !== 'up') {
        this.setFollowing(true);
        this.setUnseen(0);
      } else if (list.scrollTop < this.lastScrollTop - 4) {
        this.setFollowing(false);
      }
    }
    this.lastScrollTop = list.scrollTop;
    const needed = this.rowWindow.slice(this.lastKeys, list.scrollTop, list.clientHeight);
    if (needed.first !== this.rendered.first || needed.end !== this.rendered.end) this.host.requestUpdate();
    const channel = this.channel();
    // The anchored row keeps the reader's place while the older rows arrive above it.
    if (list.scrollTop < 200 && channel?.$status.get().hasOlder && !this.followingNewest) void channel.loadOlder();
  };

  private readonly onReaderScroll = (event: Event): void => {
    this.readerScrolledAt = performance.now();
    this.readerHeading = headingOf(event);
    // Scrolling up stops the following at once, before any scroll event: the list must not pull
    // a reader back down while their own scroll is still on its way.
    if (this.readerHeading === 'up') this.setFollowing(false);
  };

  private readonly showNewest = async (): Promise<void> => {
    const channel = this.channel();
    if (channel?.$status.get().hasNewer) await channel.jumpToLatest?.();
    this.setFollowing(true);
    this.lastScrollTop = Number.MAX_SAFE_INTEGER;
    this.setUnseen(0);
    this.scrollToNewest();
  };

  private scrollToNewest(): void {
    if (this.settling) return;
    // Rows are measured as they render, so the end moves while the list settles: keep scrolling
    // to it, frame by frame, until it holds still.
    this.settling = true;
    let frames = 0;
    let still = 0;
    const step = () => {
      const list = this.list;
      if (!list || !this.followingNewest || frames++ > 60) {
        this.settling = false;
        return;
      }
      const end = list.scrollHeight - list.clientHeight;
      if (Math.abs(list.scrollTop - end) < 2) still++;
      else {
        still = 0;
        list.scrollTop = end;
      }
      if (still >= 3) this.settling = false;
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }
}
