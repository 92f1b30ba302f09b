import { MAX_CONTENT_LENGTH } from '@hearth/sdk/protocol';
import type { ReactiveController, ReactiveElement } from 'lit';
import type { ChatStrings } from '../internal/strings.js';
import { COUNTER_FROM } from './counter-threshold.js';

/** The counter's code, once fetched: at the first keystroke, so that it is here before it shows. */
let counter: typeof import('./length-counter.js') | undefined;
let counterLoading: Promise<unknown> | undefined;

/**
 * The length of a composer's draft, counted as the server counts it (UTF-16 code units, after
 * mentions are encoded), so that a message the server would refuse is never sent: the composer
 * shows a counter near the limit and holds Send over it, keeping the text. The element renders
 * again at each key only while the draft is near the limit.
 */
export class DraftLength implements ReactiveController {
  /** The draft's length while the counter shows (near the limit or over it); 0 otherwise. */
  private shown = 0;

  /** The composer's field the length is of. */
  private field: Element | null = null;

  constructor(private readonly host: ReactiveElement) {
    host.addController(this);
  }

  /** A field rendered anew (after the landing view, a locked composer or signing in) is empty: nothing to count. */
  hostUpdated(): void {
    const field = this.host.renderRoot.querySelector('[part="input"]');
    if (field === this.field) return;
    this.field = field;
    if (this.shown) {
      this.shown = 0;
      this.host.requestUpdate();
    }
  }

  /** Notes the draft's length (its content as it would be sent); says whether it is over the limit. */
  measure(content: string): boolean {
    const { length } = content;
    if (!counter)
      void (counterLoading ??= import('./length-counter.js').then((module) => (counter = module))).then(() => this.host.requestUpdate());
    const shown = length > MAX_CONTENT_LENGTH - COUNTER_FROM ? length : 0;
    if (shown !== this.shown) {
      this.shown = shown;
      this.host.requestUpdate();
    }
    return length > MAX_CONTENT_LENGTH;
  }

  /** Whether the draft is over the limit: Send is disabled. */
  get over(): boolean {
    return this.shown > MAX_CONTENT_LENGTH;
  }

  /** The id of the counter while it shows (for `aria-describedby`), else undefined. */
  get describedBy(): string | undefined {
    return this.shown ? 'draft-length' : undefined;
  }

  /** The counter, and the status a screen reader hears as the draft crosses into its range or over the limit. */
  render(t: (key: keyof ChatStrings) => string): unknown {
    return counter?.renderCounter(this.host.renderRoot as ShadowRoot, this.shown, t, 'draft-length');
  }
}
