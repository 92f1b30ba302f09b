import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';

/**
 * Re-renders its host when a nanostores store changes, and can switch to another store (as
 * `<chat-messages>` does when `channel-id` changes). Subscribed only while the host is connected,
 * so a removed element keeps no store alive.
 */
export class StoreController<T> implements ReactiveController {
  private store: ReadableAtom<T> | undefined;
  private unbind: (() => void) | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly fallback: T,
  ) {
    host.addController(this);
  }

  /** The store's current value, or the fallback when there is no store. */
  get value(): T {
    return this.store ? this.store.get() : this.fallback;
  }

  /** Watches `next` instead of the current store. */
  setStore(next: ReadableAtom<T> | undefined): void {
    if (next === this.store) return;
    this.unbind?.();
    this.unbind = undefined;
    this.store = next;
    if (this.connected) this.bind();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.connected = true;
    this.bind();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unbind?.();
    this.unbind = undefined;
  }

  private bind(): void {
    this.unbind = this.store?.listen(() => this.host.requestUpdate());
  }
}
