import type { ChatClient } from '@hearth/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The context through which `<chat-provider>` shares one client with the elements inside it, as
 * the Context Community Protocol (the one `@lit/context` speaks) names a context: elements ask
 * with a `context-request` event for this key, and the nearest provider above answers.
 */
export const clientContext = Symbol.for('hearth.client');

/** Receives the client, and the function that ends the subscription. */
type ClientCallback = (client: ChatClient | undefined, unsubscribe?: () => void) => void;

type Host = ReactiveControllerHost & HTMLElement;

/** The protocol's events: `context-request` from a consumer, `context-provider` from a new provider. */
class ContextEvent extends Event {
  constructor(
    type: 'context-request' | 'context-provider',
    readonly context: unknown,
    readonly contextTarget: Element,
    readonly callback?: ClientCallback,
    readonly subscribe?: boolean,
  ) {
    super(type, { bubbles: true, composed: true });
  }
}

/**
 * Asks the nearest provider for the client while the host is on the page, and passes each
 * client the provider shares to `receive`.
 */
export class ClientConsumer implements ReactiveController {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: Host,
    private readonly receive: (client: ChatClient | undefined) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.dispatchEvent(new ContextEvent('context-request', clientContext, this.host, this.callback, true));
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  // A provider that takes over (one nearer, added later) answers with its own unsubscribe: the
  // previous provider's subscription ends.
  private readonly callback: ClientCallback = (client, unsubscribe) => {
    if (this.unsubscribe !== unsubscribe) this.unsubscribe?.();
    this.unsubscribe = unsubscribe;
    this.receive(client);
  };
}

/**
 * Answers the requests for the client from inside the host, and calls every subscriber again
 * when the client changes.
 */
export class ClientProvider implements ReactiveController {
  private value: ChatClient | undefined;
  private readonly subscriptions = new Map<ClientCallback, { consumer: Element; unsubscribe: () => void }>();

  constructor(private readonly host: Host) {
    host.addEventListener('context-request', this.onRequest);
    host.addEventListener('context-provider', this.onProvider);
    host.addController(this);
  }

  /** Tells a provider above that this one now answers for the elements inside it. */
  hostConnected(): void {
    this.host.dispatchEvent(new ContextEvent('context-provider', clientContext, this.host));
  }

  setValue(value: ChatClient | undefined): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const [callback, { unsubscribe }] of this.subscriptions) callback(value, unsubscribe);
  }

  private readonly onRequest = (event: Event): void => {
    const { context, contextTarget, callback, subscribe } = event as ContextEvent;
    const consumer = contextTarget ?? event.composedPath()[0];
    if (context !== clientContext || !callback || consumer === this.host) return;
    event.stopPropagation();
    if (!subscribe) return callback(this.value);
    let subscription = this.subscriptions.get(callback);
    if (!subscription) {
      subscription = { consumer, unsubscribe: () => this.subscriptions.delete(callback) };
      this.subscriptions.set(callback, subscription);
    }
    callback(this.value, subscription.unsubscribe);
  };

  // A provider added inside this one may be nearer to some subscribers: they ask again.
  private readonly onProvider = (event: Event): void => {
    const { context, contextTarget } = event as ContextEvent;
    if (context !== clientContext || (contextTarget ?? event.composedPath()[0]) === this.host) return;
    event.stopPropagation();
    for (const [callback, { consumer }] of [...this.subscriptions]) {
      consumer.dispatchEvent(new ContextEvent('context-request', clientContext, consumer, callback, true));
    }
  };
}
