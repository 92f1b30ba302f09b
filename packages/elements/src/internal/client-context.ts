import type { ChatClient } from '@hearth/sdk';
import type { ReactiveControllerHost } from 'lit';

/**
 * The context through which `<chat-provider>` shares one client with the elements inside it, as
 * the Context Community Protocol (the one `@lit/context` speaks) names a context: elements ask
 * with a `context-request` event for this key, and the nearest provider above answers.
 */
export const clientContext = Symbol.for('hearth.client');

/** Receives the client, and the function that ends the subscription. */
type ClientCallback = (client: ChatClient | undefined, unsubscribe?: () => void) => void;

type Host = ReactiveControllerHost & HTMLElement;

/** What the protocol's events carry: `context-request` from a consumer, `context-provider` from a new provider. */
interface ContextEvent extends Event {
  context?: unknown;
  contextTarget?: Element;
  callback?: ClientCallback;
  subscribe?: boolean;
}

const contextEvent = (type: 'context-request' | 'context-provider', contextTarget: Element, callback?: ClientCallback) =>
  Object.assign(new Event(type, { bubbles: true, composed: true }), {
    context: clientContext,
    contextTarget,
    callback,
    subscribe: true,
  });

/**
 * Asks the nearest provider for the client while `host` is on the page, and passes each client
 * the provider shares to `receive`.
 */
export function consumeClient(host: Host, receive: (client: ChatClient | undefined) => void): void {
  let unsubscribe: (() => void) | undefined;
  // A provider that takes over (one nearer, added later) answers with its own unsubscribe: the
  // previous provider's subscription ends.
  const callback: ClientCallback = (client, next) => {
    if (unsubscribe !== next) unsubscribe?.();
    unsubscribe = next;
    receive(client);
  };
  host.addController({
    hostConnected: () => host.dispatchEvent(contextEvent('context-request', host, callback)),
    hostDisconnected: () => {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  });
}

/**
 * Answers the requests for the client from inside `host`; the function returned shares a client,
 * and calls every subscriber again when it is another.
 */
export function provideClient(host: Host): (client: ChatClient | undefined) => void {
  let value: ChatClient | undefined;
  const subscriptions = new Map<ClientCallback, { consumer: Element; unsubscribe: () => void }>();
  /** The event and the element it comes from, when it is about this context and not from the host itself. */
  const fromInside = (event: ContextEvent) => {
    const target = event.contextTarget ?? (event.composedPath()[0] as Element);
    if (event.context !== clientContext || target === host) return undefined;
    event.stopPropagation();
    return target;
  };
  host.addEventListener('context-request', (event: ContextEvent) => {
    const consumer = fromInside(event);
    const callback = event.callback;
    if (!consumer || !callback) return;
    if (!event.subscribe) return callback(value);
    let subscription = subscriptions.get(callback);
    if (!subscription) {
      subscription = { consumer, unsubscribe: () => subscriptions.delete(callback) };
      subscriptions.set(callback, subscription);
    }
    callback(value, subscription.unsubscribe);
  });
  // A provider added inside this one may be nearer to some subscribers: they ask again.
  host.addEventListener('context-provider', (event: ContextEvent) => {
    if (!fromInside(event)) return;
    for (const [callback, { consumer }] of [...subscriptions]) consumer.dispatchEvent(contextEvent('context-request', consumer, callback));
  });
  // A provider tells the one above that it now answers for the elements inside it.
  host.addController({ hostConnected: () => host.dispatchEvent(contextEvent('context-provider', host)) });
  return (client) => {
    if (Object.is(client, value)) return;
    value = client;
    for (const [callback, { unsubscribe }] of subscriptions) callback(client, unsubscribe);
  };
}
