import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatServerList } from './chat-server-list.js';
import './chat-server-list.js';

function rows(el: ChatServerList): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
}

async function listOf(template: ReturnType<typeof html>): Promise<ChatServerList> {
  const el = await fixture<ChatServerList>(template);
  await eventually(() => rows(el).length > 0, 'servers never rendered');
  return el;
}

describe('chat-server-list', () => {
  it('shows each server with its initials, name and category', async () => {
    const hearth = new FakeHearth();
    const el = await listOf(html`<chat-server-list .client=${hearth.client()}></chat-server-list>`);
    const [first, second] = rows(el);
    expect(first!.textContent).to.contain('Pixel Pals').and.to.contain('Gaming');
    expect(first!.querySelector('[part="icon"]')!.textContent).to.equal('PP');
    expect(second!.textContent).to.contain('Lo-fi Lounge').and.to.contain('Music');
  });

  it('fires chat-server-select with the server id on click, and marks it selected', async () => {
    const hearth = new FakeHearth();
    const el = await listOf(html`<chat-server-list .client=${hearth.client()}></chat-server-list>`);
    setTimeout(() => rows(el)[1]!.click());
    const event = await oneEvent(el, 'chat-server-select');
    expect(event.detail).to.deep.equal({ serverId: 's_two', serverName: 'Lo-fi Lounge' });
    await el.updateComplete;
    expect(rows(el)[1]!.getAttribute('aria-selected')).to.equal('true');
    expect(el.getAttribute('server-id')).to.equal('s_two');
  });

  it('keeps the selection as it was when the page cancels chat-server-select', async () => {
    const hearth = new FakeHearth();
    const el = await listOf(
      html`<chat-server-list
        .client=${hearth.client()}
        server-id="s_one"
        @chat-server-select=${(event: Event) => event.preventDefault()}
      ></chat-server-list>`,
    );
    rows(el)[1]!.click();
    await el.updateComplete;
    expect(el.getAttribute('server-id')).to.equal('s_one');
    expect(rows(el)[0]!.getAttribute('aria-selected')).to.equal('true');
  });

  it('selects from the server-id attribute without firing an event', async () => {
    const hearth = new FakeHearth();
    let fired = 0;
    const el = await listOf(
      html`<chat-server-list .client=${hearth.client()} server-id="s_one" @chat-server-select=${() => fired++}></chat-server-list>`,
    );
    expect(rows(el)[0]!.getAttribute('aria-selected')).to.equal('true');
    el.setAttribute('server-id', 's_two');
    await el.updateComplete;
    expect(rows(el)[1]!.getAttribute('aria-selected')).to.equal('true');
    expect(fired).to.equal(0);
  });

  it('filters by category and by membership, reacting to attribute changes', async () => {
    const hearth = new FakeHearth();
    const el = await listOf(html`<chat-server-list .client=${hearth.client()} category="ct_music"></chat-server-list>`);
    expect(rows(el).map((row) => row.dataset.id)).to.deep.equal(['s_two']);
    el.removeAttribute('category');
    el.setAttribute('member', 'me');
    await eventually(() => rows(el).length === 1 && rows(el)[0]!.dataset.id === 's_one', 'member filter not applied');
    expect(hearth.requests).to.include('GET /api/servers?member=me');
  });

  it('with member="me", lists a server as soon as the user joins it through the same client', async () => {
    const hearth = new FakeHearth();
    const client = hearth.client();
    const el = await listOf(html`<chat-server-list .client=${client} member="me"></chat-server-list>`);
    expect(rows(el).map((row) => row.dataset.id)).to.deep.equal(['s_one']);
    await client.servers.join('s_two');
    await eventually(() => rows(el).length === 2, 'the joined server did not appear');
    expect(rows(el).map((row) => row.dataset.id)).to.have.members(['s_one', 's_two']);
  });

  it('moves focus with the arrow keys and chooses with Enter', async () => {
    const hearth = new FakeHearth();
    const el = await listOf(html`<chat-server-list .client=${hearth.client()}></chat-server-list>`);
    rows(el)[0]!.focus();
    rows(el)[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
    await el.updateComplete;
    await eventually(() => el.shadowRoot!.activeElement === rows(el)[1], 'focus did not move');
    expect(rows(el)[1]!.tabIndex).to.equal(0);
    expect(rows(el)[0]!.tabIndex).to.equal(-1);
    setTimeout(() => rows(el)[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true })));
    expect((await oneEvent(el, 'chat-server-select')).detail.serverId).to.equal('s_two');
  });

  it('shows an error with Retry when the list cannot be fetched, and the servers once Retry succeeds', async () => {
    const hearth = new FakeHearth();
    hearth.unavailable.add('/api/servers');
    const el = await fixture<ChatServerList>(html`<chat-server-list .client=${hearth.client()}></chat-server-list>`);
    const retry = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="status"] [part="retry"]');
    await eventually(retry, 'no Retry after the failed request');
    expect(el.shadowRoot!.querySelector('[part="status"]')!.getAttribute('role')).to.equal('alert');
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.contain('Could not load.');
    expect(rows(el)).to.have.length(0);
    const before = hearth.requests.length;
    hearth.unavailable.delete('/api/servers');
    retry()!.click();
    await eventually(() => rows(el).length === 2, 'servers not shown after Retry');
    expect(retry()).to.equal(null);
    expect(hearth.requests.slice(before)).to.include('GET /api/servers');
  });

  it('passes an accessibility check with the error and its Retry', async () => {
    const hearth = new FakeHearth();
    hearth.unavailable.add('/api/servers');
    const el = await fixture<ChatServerList>(html`<chat-server-list .client=${hearth.client()}></chat-server-list>`);
    await eventually(() => el.shadowRoot!.querySelector('[part="retry"]'), 'no Retry');
    await expect(el).to.be.accessible();
  });

  it('passes an accessibility check in light and dark', async () => {
    const hearth = new FakeHearth();
    const el = await listOf(html`<chat-server-list .client=${hearth.client()} server-id="s_one"></chat-server-list>`);
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
