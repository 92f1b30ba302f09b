import { expect, fixture, html } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatChannels } from './chat-channels.js';
import './chat-channels.js';

const row = (el: ChatChannels, channelId: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-id="${channelId}"]`)!;
const badge = (el: ChatChannels, channelId: string) => row(el, channelId).querySelector('[part="mention-badge"]');
const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };

/** Channels of Pixel Pals with #general open, after Bob wrote twice in #random, once mentioning the user. */
async function channelsWithUnread(): Promise<{ el: ChatChannels; hearth: FakeHearth }> {
  const hearth = new FakeHearth();
  hearth.post('c_one_random', 'anyone here?', bob);
  hearth.post('c_one_random', 'hey <@u_me>, look', bob);
  hearth.post('c_one_general', 'in the open channel', bob);
  const el = await fixture<ChatChannels>(
    html`<chat-channels .client=${hearth.client()} server-id="s_one" channel-id="c_one_general"></chat-channels>`,
  );
  await eventually(() => row(el, 'c_one_random')?.part.contains('unread'), 'the unread channel never showed as unread');
  return { el, hearth };
}

describe('chat-channels unread', () => {
  it('shows an unread channel bold and bright with its mention count, and says so to screen readers', async () => {
    const { el } = await channelsWithUnread();
    const random = row(el, 'c_one_random');
    const name = random.querySelector('.name')!;
    expect(getComputedStyle(name).fontWeight).to.equal('700');
    expect(badge(el, 'c_one_random')!.textContent).to.equal('1');
    expect(badge(el, 'c_one_random')!.getAttribute('aria-hidden')).to.equal('true');
    expect(random.querySelector('.visually-hidden')!.textContent).to.equal(', 2 unread, 1 mention');
    // A read channel stays muted, and a muted one is not bold.
    const general = row(el, 'c_one_general');
    expect(general.part.contains('unread')).to.equal(false);
    expect(badge(el, 'c_one_general')).to.equal(null);
  });

  it('shows no unread styling on the open channel, and counts as messages arrive and as the user reads elsewhere', async () => {
    const { el, hearth } = await channelsWithUnread();
    hearth.post('c_one_random', '<@u_me> again', bob);
    await eventually(() => badge(el, 'c_one_random')?.textContent === '2', 'the mention count did not follow the new message');
    // Marked read in another tab: the row goes back to muted at once.
    hearth.markRead('c_one_random', 99);
    await eventually(() => !row(el, 'c_one_random').part.contains('unread'), 'the row stayed unread after the mark');
    expect(badge(el, 'c_one_random')).to.equal(null);
    // The user's own messages never count.
    hearth.post('c_one_random', 'my own', hearth.user);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(row(el, 'c_one_random').part.contains('unread')).to.equal(false);
    el.channelId = 'c_one_random';
    hearth.post('c_one_general', 'elsewhere', bob);
    await eventually(() => row(el, 'c_one_general').part.contains('unread'), 'general never showed as unread once closed');
    expect(row(el, 'c_one_random').part.contains('unread')).to.equal(false);
  });

  it('passes an accessibility check in light and dark with unread rows and badges', async () => {
    const { el } = await channelsWithUnread();
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
