import type { ChatClient } from '@hearth/sdk';
import { expect, fixture, html } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import '../chat-messages/chat-messages.js';
import type { ChatMessages } from '../chat-messages/chat-messages.js';
import type { ChatProvider } from './chat-provider.js';
import './chat-provider.js';

describe('chat-provider', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('makes one client from url and token and shares it with the elements inside', async () => {
    const hearth = new FakeHearth();
    hearth.post('c_one_general', 'shared');
    restore = hearth.installGlobals();
    const provider = await fixture<ChatProvider>(
      html`<chat-provider url=${hearth.url} token="t">
        <chat-messages server-id="s_one" channel-id="c_one_general"></chat-messages>
      </chat-provider>`,
    );
    const messages = provider.querySelector<ChatMessages>('chat-messages')!;
    await eventually(() => messages.shadowRoot!.textContent.includes('shared'), 'the element never got the client');
    expect(hearth.openSockets).to.equal(1);
  });

  it('closes the client it made when it leaves the page: no socket is left open', async () => {
    const hearth = new FakeHearth();
    restore = hearth.installGlobals();
    const provider = await fixture<ChatProvider>(
      html`<chat-provider url=${hearth.url} token="t">
        <chat-messages server-id="s_one" channel-id="c_one_general"></chat-messages>
      </chat-provider>`,
    );
    await eventually(() => hearth.openSockets === 1, 'no socket opened');
    provider.remove();
    await eventually(() => hearth.openSockets === 0, 'the socket stayed open');
  });

  it('shares a given client as it is, and does not close it', async () => {
    const hearth = new FakeHearth();
    const client: ChatClient = hearth.client();
    const provider = await fixture<ChatProvider>(
      html`<chat-provider .client=${client}>
        <chat-messages server-id="s_one" channel-id="c_one_general"></chat-messages>
      </chat-provider>`,
    );
    await eventually(() => client.$connection.get() === 'open', 'the given client was not used');
    provider.remove();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.$connection.get()).to.not.equal('closed');
    client.close();
  });

  it('gives an element the client of the nearest provider, and the new one when that changes', async () => {
    const hearth = new FakeHearth();
    const [outer, inner, next] = [hearth.client(), hearth.client(), hearth.client()];
    const root = await fixture<ChatProvider>(
      html`<chat-provider .client=${outer}>
        <chat-provider .client=${inner}>
          <chat-messages server-id="s_one" channel-id="c_one_general"></chat-messages>
        </chat-provider>
      </chat-provider>`,
    );
    await eventually(() => inner.$connection.get() === 'open', "the nearest provider's client was not used");
    expect(outer.$connection.get()).to.not.equal('open');
    root.querySelector<ChatProvider>('chat-provider')!.client = next;
    await eventually(() => next.$connection.get() === 'open', "the provider's new client was not used");
    for (const client of [outer, inner, next]) client.close();
  });
});
