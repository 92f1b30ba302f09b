import { type ChatClient, createChatClient } from '@hearth/sdk';
import { readStatesOf } from '@hearth/sdk/read-states';
import { LitElement, type PropertyValues, css, html } from 'lit';
import { property } from 'lit/decorators.js';
import { provideClient } from '../internal/client-context.js';
import { defineElement } from '../internal/define.js';

/**
 * Shares one Hearth client with every element inside it. Give it the server's `url` and a
 * `token` (or a `getToken` function), or a ready `client`. The client it creates is closed when
 * the provider leaves the page. Until it has a url and a token (the user has not signed in), it
 * shares no client, and the elements inside show their signed-out state ("Sign in to chat." and
 * their `signed-out` slot); giving it a token then shows the chat, without moving the focus.
 *
 * @tag chat-provider
 * @summary Connects the Hearth elements inside it to a server.
 * @slot - The Hearth elements (and anything else).
 *
 * @example
 * <chat-provider url="https://chat.example.com" token="…"><chat-app></chat-app></chat-provider>
 */
export class ChatProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** Base URL of the Hearth server. */
  @property() accessor url = '';

  /** A token signed by your backend for the current user. */
  @property() accessor token = '';

  /** Returns a fresh token; used instead of `token` when set. */
  @property({ attribute: false }) accessor getToken: (() => string | Promise<string>) | undefined;

  /** A client made elsewhere, shared as it is (the provider then neither creates nor closes one). */
  @property({ attribute: false }) accessor client: ChatClient | undefined;

  private readonly provide = provideClient(this);
  private owned: ChatClient | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.release();
    this.provide(undefined);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.share();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('url') || changed.has('token') || changed.has('getToken') || changed.has('client')) {
      this.release();
      this.share();
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  private share(): void {
    if (!this.isConnected) return;
    if (this.client) return this.provide(this.client);
    if (!this.owned && this.url && (this.token || this.getToken)) {
      this.owned = createChatClient(this.getToken ? { url: this.url, getToken: this.getToken } : { url: this.url, token: this.token });
      // The unread counts start from the socket's first `ready` instead of a REST read after it.
      readStatesOf(this.owned);
    }
    this.provide(this.owned);
  }

  private release(): void {
    this.owned?.close();
    this.owned = undefined;
  }
}

defineElement('chat-provider', ChatProvider);

declare global {
  interface HTMLElementTagNameMap {
    'chat-provider': ChatProvider;
  }
}
