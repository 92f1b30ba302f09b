import { createChatClient } from '@hearth/sdk';
import { expect, fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import '../chat-app/chat-app.js';
import type { ChatApp } from '../chat-app/chat-app.js';
import '../chat-channels/chat-channels.js';
import '../chat-invite/chat-invite.js';
import '../chat-members/chat-members.js';
import '../chat-messages/chat-messages.js';
import '../chat-server-list/chat-server-list.js';
import '../chat-thread/chat-thread.js';
import type { ChatProvider } from './chat-provider.js';
import './chat-provider.js';

const SIGN_IN = 'Sign in to chat.';
const text = (el: Element) => el.shadowRoot!.textContent.replace(/\s+/g, ' ');
const signedOutPart = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>('[part="signed-out"]');
/** A few frames: long enough for a store, a lazy module or a refused socket to show what it shows. */
const settle = async (el: Element) => {
  for (let frame = 0; frame < 5; frame++) await new Promise(requestAnimationFrame);
  await (el as Element & { updateComplete: Promise<unknown> }).updateComplete;
};

const elements: Array<[string, TemplateResult]> = [
  ['chat-app', html`<chat-app></chat-app>`],
  ['chat-server-list', html`<chat-server-list></chat-server-list>`],
  ['chat-channels', html`<chat-channels server-id="s_one"></chat-channels>`],
  ['chat-messages (a channel)', html`<chat-messages server-id="s_one" channel-id="c_one_general"></chat-messages>`],
  ['chat-messages (the landing view)', html`<chat-messages server-id="s_one"></chat-messages>`],
  ['chat-members', html`<chat-members server-id="s_one"></chat-members>`],
  ['chat-thread', html`<chat-thread server-id="s_one" channel-id="c_one_general" root-id="m_1"></chat-thread>`],
  ['chat-invite', html`<chat-invite code="abc"></chat-invite>`],
];

describe('signed out', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  for (const [name, template] of elements) {
    it(`${name} without a client says "${SIGN_IN}", not "Loading…"`, async () => {
      const provider = await fixture<ChatProvider>(html`<chat-provider url="http://hearth.test">${template}</chat-provider>`);
      const el = provider.firstElementChild!;
      await settle(el);
      expect(text(el)).to.contain(SIGN_IN);
      expect(text(el)).to.not.contain('Loading');
    });
  }

  it("shows the page's prompt from <chat-app>'s signed-out slot, one for the whole app", async () => {
    const app = await fixture<ChatApp>(html`<chat-app><button slot="signed-out">Sign in with Example</button></chat-app>`);
    await settle(app);
    const slot = signedOutPart(app)!.querySelector('slot')!;
    const [prompt] = slot.assignedElements();
    expect(prompt?.textContent).to.equal('Sign in with Example');
    expect(prompt!.getBoundingClientRect().height).to.be.greaterThan(0);
    // One signed-out view, not a rail, a sidebar and a main view each saying it.
    expect(app.shadowRoot!.querySelectorAll('[part="signed-out"]')).to.have.length(1);
    expect(app.shadowRoot!.querySelector('chat-server-list')).to.equal(null);
  });

  it('is accessible in light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      const app = await fixture<ChatApp>(html`<chat-app theme=${theme}><button slot="signed-out">Sign in</button></chat-app>`);
      await settle(app);
      await expect(app).to.be.accessible();
    }
  });

  it('shows the signed-out state when the token source fails (the host answers 401), instead of an error or Loading', async () => {
    const hearth = new FakeHearth();
    restore = hearth.installGlobals();
    const refusing = createChatClient({
      url: hearth.url,
      getToken: () => Promise.reject(new Error('401 Unauthorized from the host page')),
    });
    const app = await fixture<ChatApp>(html`<chat-app .client=${refusing}></chat-app>`);
    await eventually(() => signedOutPart(app) !== null, 'no signed-out state after the token source failed');
    expect(text(app)).to.not.contain('Loading');
    expect(text(app)).to.not.contain('Could not load');
    refusing.close();
  });

  it('leaves the signed-out state once the socket opens again (the token source answers on a later try)', async () => {
    const hearth = new FakeHearth();
    restore = hearth.installGlobals();
    let refuse = true;
    const client = createChatClient({
      url: hearth.url,
      getToken: () => (refuse ? Promise.reject(new Error('401 Unauthorized from the host page')) : Promise.resolve('a token')),
    });
    const app = await fixture<ChatApp>(html`<chat-app .client=${client}></chat-app>`);
    await eventually(() => signedOutPart(app) !== null, 'no signed-out state after the token source failed');
    refuse = false;
    client.reconnect();
    await eventually(() => app.shadowRoot!.querySelector('chat-server-list') !== null, 'still signed out once the socket opened');
    expect(signedOutPart(app)).to.equal(null);
    client.close();
  });

  it('shows the signed-out state when the server answers 401 to the calls', async () => {
    const hearth = new FakeHearth();
    hearth.routes.push(async () =>
      Response.json(
        { type: '/problems/unauthorized', title: 'unauthorized', status: 401, detail: 'bad token', code: 'unauthorized' },
        { status: 401 },
      ),
    );
    const el = await fixture(html`<chat-server-list .client=${hearth.client()}></chat-server-list>`);
    await eventually(() => signedOutPart(el) !== null, 'no signed-out state after a 401');
    expect(text(el)).to.not.contain('Could not load');
  });

  it('shows the chat once signed in, without moving the focus the page has', async () => {
    const hearth = new FakeHearth();
    restore = hearth.installGlobals();
    const page = await fixture<HTMLElement>(
      html`<div>
        <button id="elsewhere">Somewhere on the page</button>
        <chat-provider url=${hearth.url}
          ><chat-app><button slot="signed-out">Sign in</button></chat-app></chat-provider
        >
      </div>`,
    );
    const provider = page.querySelector<ChatProvider>('chat-provider')!;
    const app = page.querySelector<ChatApp>('chat-app')!;
    await settle(app);
    expect(signedOutPart(app)).to.not.equal(null);
    const elsewhere = page.querySelector<HTMLButtonElement>('#elsewhere')!;
    elsewhere.focus();

    provider.token = 'a token';
    await eventually(() => app.shadowRoot!.querySelector('chat-server-list') !== null, 'the app never showed after signing in');
    expect(signedOutPart(app)).to.equal(null);
    const list = app.shadowRoot!.querySelector('chat-server-list')!;
    await eventually(() => text(list).includes('Pixel Pals'), 'the servers never loaded');
    expect(document.activeElement).to.equal(elsewhere);
  });
});
