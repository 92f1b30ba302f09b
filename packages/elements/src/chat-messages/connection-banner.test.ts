import { type ChatClient, type WebSocketConstructor, createChatClient } from '@hearth/sdk';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';

const CHANNEL = 'c_one_general';
const $ = <T extends HTMLElement = HTMLElement>(el: ChatMessages, selector: string) => el.shadowRoot!.querySelector<T>(selector);

/** A socket to a server that is down: it fails as a refused connection does. */
class RefusedSocket extends EventTarget {
  readyState = 0;
  binaryType = 'blob';
  constructor() {
    super();
    setTimeout(() => {
      this.readyState = 3;
      this.dispatchEvent(Object.assign(new Event('close'), { code: 1006, reason: '' }));
    });
  }
  send(): void {}
  close(): void {}
}

/**
 * A client of `hearth` whose server can be taken down (`outage.down`), and which counts the calls
 * of its `reconnect()`.
 */
function clientWithOutage(hearth: FakeHearth) {
  // The fake's own fetch and socket class, as it installs them for a page.
  const restore = hearth.installGlobals();
  const { fetch, WebSocket: Up } = globalThis;
  restore();
  const outage = { down: false, reconnects: 0 };
  function Gate(url: string) {
    return outage.down ? new RefusedSocket() : new Up(url);
  }
  const client: ChatClient = createChatClient({
    url: hearth.url,
    token: 'token',
    fetch,
    WebSocket: Gate as unknown as WebSocketConstructor,
  });
  const reconnect = client.reconnect;
  client.reconnect = () => {
    outage.reconnects++;
    reconnect();
  };
  return { client, outage };
}

async function open(client: ChatClient): Promise<ChatMessages> {
  const el = await fixture<ChatMessages>(
    html`<chat-messages style="height: 400px; width: 400px" .client=${client} server-id="s_one" channel-id=${CHANNEL}></chat-messages>`,
  );
  await eventually(() => $<HTMLTextAreaElement>(el, 'textarea')?.disabled === false, 'composer never enabled');
  return el;
}

describe('chat-messages connection banner', () => {
  it('offers "Reconnect now" while the server is down: a button that reconnects from the keyboard, and goes once connected', async () => {
    const hearth = new FakeHearth();
    const { client, outage } = clientWithOutage(hearth);
    const el = await open(client);
    expect($(el, '[part="banner"]')).to.equal(null);
    outage.down = true;
    hearth.dropAll();
    await eventually(() => $(el, '[part="banner"]'), 'no banner while the server is down');
    const button = $<HTMLButtonElement>(el, '[part="banner"] button[part="reconnect"]')!;
    expect(button.textContent.trim()).to.equal('Reconnect now');
    expect($(el, '[part="banner"]')!.textContent).to.contain('Reconnecting');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();

    // Tab order reaches it, and Enter presses it.
    button.focus();
    expect(el.shadowRoot!.activeElement).to.equal(button);
    outage.down = false;
    await sendKeys({ press: 'Enter' });
    expect(outage.reconnects).to.equal(1);
    // Its work done, the button gives the focus to the composer, and the banner goes once the socket is back.
    expect(el.shadowRoot!.activeElement).to.equal($(el, 'textarea'));
    await eventually(() => client.$connection.get() === 'open', 'never reconnected');
    await eventually(() => !$(el, '[part="banner"]'), 'the banner stayed after reconnecting');
  });

  it('reconnects a closed client with the button of the "Disconnected" banner', async () => {
    const hearth = new FakeHearth();
    const { client, outage } = clientWithOutage(hearth);
    const el = await open(client);
    client.close();
    await eventually(() => $(el, '[part="banner"]')?.textContent.includes('Disconnected'), 'no Disconnected banner');
    $<HTMLButtonElement>(el, '[part="reconnect"]')!.click();
    expect(outage.reconnects).to.equal(1);
    await eventually(() => !$(el, '[part="banner"]'), 'the banner stayed after reconnecting');
    expect(client.$connection.get()).to.equal('open');
  });
});
