import type { AsyncStore, ChatApiError, ChatClient, ChatSocketError } from '@hearth/sdk';
import { LitElement, type TemplateResult, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consumeClient } from './client-context.js';
// The provider is registered before any element that consumes it: an element upgraded while
// <chat-provider> is still undefined would ask for the client with no one there to answer.
import '../chat-provider/chat-provider.js';
import { type ChatStrings, DEFAULT_STRINGS, addedStrings } from './strings.js';

/** Clients whose token was refused (by the server, or by the token source): the user is signed out. */
const refused = new WeakSet<ChatClient>();

/** Whether an error says the user is not signed in: a refused token on the socket, or a 401 over REST. */
const isSignedOut = (error: unknown) =>
  (error as ChatSocketError | undefined)?.code === 'unauthorized' || (error as ChatApiError | undefined)?.status === 401;

/**
 * What every Hearth element shares: the client (a `.client` property, or the nearest
 * `<chat-provider>`'s), overridable strings, and the `theme` attribute. Without a client, or once
 * the client's token is refused, the element is signed out: it says "Sign in to chat." and shows
 * what the page put in its `signed-out` slot, never an endless "Loading…".
 */
export class ChatElement extends LitElement {
  /** The client to use; defaults to the one of the nearest `<chat-provider>`. */
  @property({ attribute: false }) accessor client: ChatClient | undefined;

  /** `light` or `dark` to override the page's `prefers-color-scheme`. */
  @property({ reflect: true }) accessor theme: 'light' | 'dark' | undefined;

  /** Strings to show instead of the English defaults (any subset). */
  @property({ attribute: false }) accessor strings: Partial<ChatStrings> = {};

  /** The client of the nearest `<chat-provider>`. */
  @state() protected accessor providedClient: ChatClient | undefined;

  /** The client whose refusals this element listens to, and how to stop. */
  private heard: ChatClient | undefined;
  private stopHearing: (() => void) | undefined;

  constructor() {
    super();
    consumeClient(this, (client) => (this.providedClient = client));
    this.addController({
      hostUpdate: () => {
        const chat = this.chat;
        if (chat === this.heard) return;
        this.stopHearing?.();
        this.heard = chat;
        if (!chat) return (this.stopHearing = undefined);
        const stopErrors = chat.on('error', (error) => {
          if (!isSignedOut(error)) return;
          refused.add(chat);
          this.requestUpdate();
        });
        // A socket that opens again (a new token, or the page's connect() after signing in) means signed in.
        const stopOpens = chat.$connection.listen((connection) => connection === 'open' && refused.delete(chat) && this.requestUpdate());
        this.stopHearing = () => {
          stopErrors();
          stopOpens();
        };
      },
      // Subscribes again (in hostUpdate) after the element was moved: no property changes then.
      hostConnected: () => this.requestUpdate(),
      hostDisconnected: () => {
        this.stopHearing?.();
        this.heard = undefined;
      },
    });
  }

  /** Whether the user is signed out: no client yet, or its token was refused. */
  protected get signedOut(): boolean {
    return !this.chat || refused.has(this.chat);
  }

  /** "Sign in to chat.", then the page's own prompt (the `signed-out` slot), in place of the element's content. */
  protected renderSignedOut(): TemplateResult {
    return html`<div part="signed-out" class="status signed-out">
      <p role="status">${this.t('signInToChat')}</p>
      <slot name="signed-out"></slot>
    </div>`;
  }

  /** The client last asked to connect by {@link connectForLiveCounts}. */
  private connectedClient: ChatClient | undefined;

  /**
   * Opens the client's socket (once per client), for an element whose counts are live by the
   * socket's frames alone (unread counts, presence) and that watches no channel that would open it.
   */
  protected connectForLiveCounts(): void {
    const chat = this.chat;
    if (!chat || chat === this.connectedClient) return;
    this.connectedClient = chat;
    chat.connect();
  }

  /** The client in use: the property, else the provider's. */
  protected get chat(): ChatClient | undefined {
    return this.client ?? this.providedClient;
  }

  /** One string, overridden or default. */
  protected t(key: keyof ChatStrings): string {
    return this.strings[key] ?? (DEFAULT_STRINGS as Partial<ChatStrings>)[key] ?? addedStrings[key]!;
  }

  /**
   * What stands in for (or above) the data of `stores`: the signed-out state while the user is
   * not signed in (a store refused with 401 included), "Loading…" while one has nothing to show
   * yet, the error with a Retry button (that fetches the failed ones again) while one failed,
   * nothing once all are ready.
   */
  protected renderAsyncStatus(stores: ReadonlyArray<AsyncStore<unknown> | undefined>): TemplateResult | undefined {
    const failed = stores.filter((store) => store?.get().state === 'error');
    if (this.signedOut || failed.some((store) => isSignedOut((store?.get() as { error?: unknown }).error))) return this.renderSignedOut();
    if (failed.length > 0) {
      return html`<p part="status" class="status error" role="alert">
        ${this.t('loadFailed')}
        <button part="retry" @click=${() => failed.forEach((store) => store?.refresh())}>${this.t('retry')}</button>
      </p>`;
    }
    if (stores.some((store) => !store || store.get().value === undefined))
      return html`<p part="status" class="status" role="status">${this.t('loading')}</p>`;
    return undefined;
  }
}
