import type { AsyncState, AsyncStore } from '@hearth/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';

/**
 * Re-renders its host when a nanostores store changes, and can switch to another store (as
 * `<chat-messages>` does when `channel-id` changes). Subscribed only while the host is connected,
 * so a removed element keeps no store alive.
 */
export class StoreController<T, S extends ReadableAtom<T> = ReadableAtom<T>> implements ReactiveController {
  private current: S | undefined;
  private unbind: (() => void) | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly fallback: T,
  ) {
    host.addController(this);
  }

  /** The store watched now, if any. */
  get store(): S | undefined {
    return this.current;
  }

  /** The store's current value, or the fallback when there is no store. */
  get value(): T {
    return this.current ? this.current.get() : this.fallback;
  }

  /** Watches `next` instead of the current store. */
  setStore(next: S | undefined): void {
    if (next === this.current) return;
    this.unbind?.();
    this.unbind = undefined;
    this.current = next;
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
    this.unbind = this.current?.listen(() => this.host.requestUpdate());
  }
}

const LOADING: AsyncState<never> = { state: 'loading' };

/** A {@link StoreController} of one of the SDK's server-data stores (`loading | ready | error`). */
export class AsyncStoreController<T> extends StoreController<AsyncState<T>, AsyncStore<T>> {
  constructor(host: ReactiveControllerHost) {
    super(host, LOADING);
  }
}
