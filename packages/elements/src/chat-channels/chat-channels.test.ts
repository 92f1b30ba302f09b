import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatChannels } from './chat-channels.js';
import './chat-channels.js';

const rows = (el: ChatChannels) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];

async function channelsOf(template: ReturnType<typeof html>): Promise<ChatChannels> {
  const el = await fixture<ChatChannels>(template);
  await eventually(() => rows(el).length > 0, 'channels never rendered');
  return el;
}

describe('chat-channels', () => {
  it("shows the server's name and its channels in order", async () => {
    const hearth = new FakeHearth();
    const el = await channelsOf(html`<chat-channels .client=${hearth.client()} server-id="s_one"></chat-channels>`);
    expect(el.shadowRoot!.querySelector('h2')!.textContent.trim()).to.equal('Pixel Pals');
    expect(rows(el).map((row) => row.textContent.replace(/\s+/g, ''))).to.deep.equal(['#general', '#random']);
  });

  it('fires chat-channel-select with server and channel ids when a channel is clicked', async () => {
    const hearth = new FakeHearth();
    const el = await channelsOf(html`<chat-channels .client=${hearth.client()} server-id="s_one"></chat-channels>`);
    setTimeout(() => rows(el)[1]!.click());
    const event = await oneEvent(el, 'chat-channel-select');
    expect(event.detail).to.deep.equal({ serverId: 's_one', channelId: 'c_one_random', serverName: 'Pixel Pals', channelName: 'random' });
    await el.updateComplete;
    expect(rows(el)[1]!.getAttribute('aria-selected')).to.equal('true');
  });

  it('keeps the selection as it was when the page cancels chat-channel-select', async () => {
    const hearth = new FakeHearth();
    const el = await channelsOf(
      html`<chat-channels
        .client=${hearth.client()}
        server-id="s_one"
        channel-id="c_one_general"
        @chat-channel-select=${(event: Event) => event.preventDefault()}
      ></chat-channels>`,
    );
    rows(el)[1]!.click();
    await el.updateComplete;
    expect(el.getAttribute('channel-id')).to.equal('c_one_general');
    expect(rows(el)[0]!.getAttribute('aria-selected')).to.equal('true');
  });

  it('updates the member count when the user joins the server through the same client', async () => {
    const hearth = new FakeHearth();
    const client = hearth.client();
    const el = await channelsOf(html`<chat-channels .client=${client} server-id="s_two"></chat-channels>`);
    const members = () => el.shadowRoot!.querySelector('[class="members"]')!.textContent;
    expect(members()).to.contain('3');
    await client.servers.join('s_two');
    await eventually(() => members().includes('4'), 'the member count stayed as it was');
  });

  it('follows server-id and channel-id attributes without firing chat-channel-select', async () => {
    const hearth = new FakeHearth();
    let fired = 0;
    const el = await channelsOf(
      html`<chat-channels
        .client=${hearth.client()}
        server-id="s_one"
        channel-id="c_one_general"
        @chat-channel-select=${() => fired++}
      ></chat-channels>`,
    );
    expect(rows(el)[0]!.getAttribute('aria-selected')).to.equal('true');
    el.setAttribute('server-id', 's_two');
    await eventually(() => el.shadowRoot!.querySelector('h2')?.textContent.trim() === 'Lo-fi Lounge', 'did not switch server');
    expect(fired).to.equal(0);
  });

  it('fires chat-not-found for an unknown server and for a channel the server does not have', async () => {
    const hearth = new FakeHearth();
    const el = await fixture<ChatChannels>(html`<chat-channels .client=${hearth.client()}></chat-channels>`);
    setTimeout(() => el.setAttribute('server-id', 's_missing'));
    expect((await oneEvent(el, 'chat-not-found')).detail).to.deep.equal({ kind: 'server', id: 's_missing' });
    setTimeout(() => {
      el.setAttribute('server-id', 's_one');
      el.setAttribute('channel-id', 'c_missing');
    });
    expect((await oneEvent(el, 'chat-not-found')).detail).to.deep.equal({ kind: 'channel', id: 'c_missing' });
    await el.updateComplete;
    expect(el.hasAttribute('channel-id')).to.equal(false);
  });

  it('shows an error with Retry when the server cannot be fetched, not chat-not-found, and the channels after Retry', async () => {
    const hearth = new FakeHearth();
    hearth.unavailable.add('/api/servers/s_one');
    let notFound = 0;
    const el = await fixture<ChatChannels>(
      html`<chat-channels .client=${hearth.client()} server-id="s_one" @chat-not-found=${() => notFound++}></chat-channels>`,
    );
    const retry = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]');
    await eventually(retry, 'no Retry after the failed request');
    hearth.unavailable.delete('/api/servers/s_one');
    retry()!.click();
    await eventually(() => rows(el).length === 2, 'channels not shown after Retry');
    expect(notFound).to.equal(0);
  });

  it('opens a channel with the keyboard alone', async () => {
    const hearth = new FakeHearth();
    const el = await channelsOf(html`<chat-channels .client=${hearth.client()} server-id="s_one"></chat-channels>`);
    rows(el)[0]!.focus();
    rows(el)[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true, composed: true }));
    await eventually(() => el.shadowRoot!.activeElement === rows(el)[1], 'focus did not move');
    setTimeout(() => rows(el)[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, composed: true })));
    expect((await oneEvent(el, 'chat-channel-select')).detail.channelId).to.equal('c_one_random');
  });

  it('passes an accessibility check in light and dark', async () => {
    const hearth = new FakeHearth();
    const el = await channelsOf(
      html`<chat-channels .client=${hearth.client()} server-id="s_one" channel-id="c_one_general"></chat-channels>`,
    );
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
