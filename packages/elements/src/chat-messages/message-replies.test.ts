import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';

const CHANNEL = 'c_one_general';
const ada = { id: 'u_ada', name: 'Ada', avatarUrl: null };
const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const $ = <T extends Element = HTMLElement>(root: ParentNode, selector: string) => root.querySelector<T & HTMLElement>(selector);
const row = (el: ChatMessages, messageId: string) => $(el.shadowRoot!, `article[data-key="${messageId}"]`);
const articles = (el: ChatMessages) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('article')];
const composer = (el: ChatMessages) => $<HTMLTextAreaElement>(el.shadowRoot!, '[part="input"]')!;
const replyBar = (el: ChatMessages) => $(el.shadowRoot!, '[part="reply-bar"]');
const focused = (el: ChatMessages) => el.shadowRoot!.activeElement as HTMLElement | null;
const press = (target: HTMLElement, key: string) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));

/** Opens the channel once the newest message is shown and the composer is enabled. */
async function open(hearth: FakeHearth, height = 500) {
  const el = await fixture<ChatMessages>(
    html`<chat-messages style="height: ${height}px" .client=${hearth.client()} server-id="s_one" channel-id=${CHANNEL}></chat-messages>`,
  );
  const newest = hearth.messages.get(CHANNEL)!.at(-1)!;
  await eventually(() => row(el, newest.id) && !composer(el).disabled, 'messages never rendered');
  return el;
}

/** Whether the row is rendered and within the list's viewport. */
function inView(el: ChatMessages, messageId: string): boolean {
  const target = row(el, messageId);
  if (!target) return false;
  const list = $(el.shadowRoot!, '[part="list"]')!.getBoundingClientRect();
  const box = target.getBoundingClientRect();
  return box.top >= list.top - 1 && box.bottom <= list.bottom + 1;
}

describe('chat-messages replies', () => {
  it('replies from the toolbar: "Replying to" above the composer, the send carries replyTo, the reply quotes the original', async () => {
    const hearth = new FakeHearth();
    const original = hearth.post(CHANNEL, 'is the build green?', ada);
    const el = await open(hearth);
    // The toolbar's code arrives with the first rows.
    await eventually(() => $(row(el, original.id)!, '[aria-label="Reply"]'), 'no Reply button');
    $(row(el, original.id)!, '[aria-label="Reply"]')!.click();
    await eventually(() => replyBar(el), 'no reply bar');
    expect(replyBar(el)!.textContent).to.contain('Replying to Ada');
    await eventually(() => focused(el) === composer(el), 'focus never moved to the composer');
    expect(composer(el).getAttribute('aria-describedby')).to.equal(replyBar(el)!.id);

    hearth.holdAcks = true;
    await sendKeys({ type: 'it is' });
    await sendKeys({ press: 'Enter' });
    await eventually(() => articles(el).length === 2, 'the reply never showed');
    expect(replyBar(el)).to.equal(null);
    // Pending, it quotes the original already.
    const pending = articles(el)[1]!;
    expect(pending.getAttribute('part')).to.contain('pending');
    expect($(pending, '[part="reply-quote"]')!.textContent).to.contain('is the build green?');

    hearth.releaseAcks();
    const reply = hearth.messages.get(CHANNEL)![1]!;
    await eventually(() => row(el, reply.id), 'the reply was never acknowledged');
    expect(reply.replyTo?.id).to.equal(original.id);
    const quote = $(row(el, reply.id)!, '[part="reply-quote"]')!;
    expect(quote.localName).to.equal('button');
    expect(quote.textContent.replace(/\s+/g, ' ').trim()).to.equal('In reply to A Ada is the build green?');
    expect($(quote, '.visually-hidden')!.textContent).to.equal('In reply to');
    // A reply starts a group of its own: its author line shows, under the quote.
    expect($(row(el, reply.id)!, '[part="author"]')!.textContent).to.equal('Me');
  });

  it('cancels a reply with Escape in the composer and with the bar’s ×; the next send is no reply', async () => {
    const hearth = new FakeHearth();
    const original = hearth.post(CHANNEL, 'hello', ada);
    const el = await open(hearth);
    // The toolbar's code arrives with the first rows.
    await eventually(() => $(row(el, original.id)!, '[aria-label="Reply"]'), 'no Reply button');
    $(row(el, original.id)!, '[aria-label="Reply"]')!.click();
    await eventually(() => replyBar(el), 'no reply bar');
    press(composer(el), 'Escape');
    await eventually(() => !replyBar(el), 'Escape never cancelled the reply');

    $(row(el, original.id)!, '[aria-label="Reply"]')!.click();
    await eventually(() => replyBar(el), 'no reply bar');
    $(replyBar(el)!, '[part="cancel-reply"]')!.click();
    await eventually(() => !replyBar(el), '× never cancelled the reply');
    composer(el).value = 'not a reply';
    press(composer(el), 'Enter');
    await eventually(() => hearth.messages.get(CHANNEL)!.length === 2, 'never sent');
    expect(hearth.messages.get(CHANNEL)![1]!.replyTo).to.equal(null);
  });

  it('jumps to a quoted message outside the window: loads the history around it, scrolls to it, focuses and flashes it', async () => {
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 120);
    const original = hearth.messages.get(CHANNEL)![4]!;
    const reply = hearth.post(CHANNEL, 'about that fifth message', bob, null, { replyTo: original.id });
    const el = await open(hearth);
    expect(row(el, original.id)).to.equal(null);

    $(row(el, reply.id)!, '[part="reply-quote"]')!.click();
    await eventually(() => inView(el, original.id), 'the original never came into view');
    expect(hearth.requests.some((request) => request.includes(`around=${original.seq}`))).to.equal(true);
    expect(focused(el) === row(el, original.id)).to.equal(true);
    expect(row(el, original.id)!.classList.contains('flash')).to.equal(true);
    // The window no longer ends at the newest message: the way back is offered.
    await eventually(() => $(el.shadowRoot!, '[part="new-messages"]'), 'no way back to the present');
  });

  it('jumps to a quoted message held in the window by keyboard, without a request', async () => {
    const hearth = new FakeHearth();
    hearth.fill(CHANNEL, 40);
    const original = hearth.messages.get(CHANNEL)![2]!;
    const reply = hearth.post(CHANNEL, 'about the third', bob, null, { replyTo: original.id });
    const el = await open(hearth);
    await eventually(() => !inView(el, original.id) && inView(el, reply.id), 'did not open at the newest message');
    const asked = hearth.requests.length;
    $(row(el, reply.id)!, '[part="reply-quote"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await eventually(() => inView(el, original.id), 'the original never came into view');
    expect(hearth.requests.length).to.equal(asked);
  });

  it('says "Original message deleted" in place of the quote once the original is gone', async () => {
    const hearth = new FakeHearth();
    const original = hearth.post(CHANNEL, 'soon gone', ada);
    hearth.remove(CHANNEL, original.id);
    const reply = hearth.post(CHANNEL, 'what did it say?', bob, null, { replyTo: original.id });
    const el = await open(hearth);
    const quote = $(row(el, reply.id)!, '[part="reply-quote"]')!;
    expect(quote.textContent.trim()).to.equal('Original message deleted');
    expect(quote.localName).to.equal('div');
  });

  it('fires chat-thread-open from the Thread button with the channel and the root', async () => {
    const hearth = new FakeHearth();
    const root = hearth.post(CHANNEL, 'start a thread here', ada);
    const el = await open(hearth);
    setTimeout(() => $(row(el, root.id)!, '[aria-label="Open thread"]')!.click());
    const event = await oneEvent(el, 'chat-thread-open');
    expect(event.detail).to.deep.equal({ channelId: CHANNEL, rootId: root.id });
    expect(event.bubbles && event.composed).to.equal(true);
  });
});

describe('chat-messages mentions', () => {
  it('shows mentions of members as @Name chips, the user’s own highlighted, and highlights a row that mentions the user', async () => {
    const hearth = new FakeHearth();
    hearth.users.set(ada.id, ada);
    const toMe = hearth.post(CHANNEL, 'hi <@u_ada> and <@u_me>, not <@u_ghost>', bob);
    const toAda = hearth.post(CHANNEL, 'only <@u_ada> here, `<@u_ada>` in code', bob);
    const el = await open(hearth);
    const mentions = (messageId: string) =>
      [...row(el, messageId)!.querySelectorAll('[part~="mention"]')].map((chip) => [chip.textContent, chip.getAttribute('part')]);
    expect(mentions(toMe.id)).to.deep.equal([
      ['@Ada', 'mention'],
      ['@Me', 'mention mention-me'],
    ]);
    expect($(row(el, toMe.id)!, '[part="content"]')!.textContent).to.equal('hi @Ada and @Me, not <@u_ghost>');
    expect(row(el, toMe.id)!.getAttribute('part')).to.contain('mentions-me');
    expect(mentions(toAda.id)).to.deep.equal([['@Ada', 'mention']]);
    expect($(row(el, toAda.id)!, '[part="code"]')!.textContent).to.equal('<@u_ada>');
    expect(row(el, toAda.id)!.getAttribute('part')).not.to.contain('mentions-me');
    const highlight = getComputedStyle(row(el, toMe.id)!);
    expect(highlight.boxShadow).to.contain('inset');
    expect(highlight.backgroundColor).not.to.equal(getComputedStyle(row(el, toAda.id)!).backgroundColor);
  });

  it('renders markup in a mentioned name, a quoted author and the content as text', async () => {
    const hearth = new FakeHearth();
    const evil = { id: 'u_evil', name: '<img src=x onerror="window.__mentionPwned = true">', avatarUrl: null };
    hearth.users.set(evil.id, evil);
    const original = hearth.post(CHANNEL, '<script>window.__mentionPwned = true</script>', evil);
    const reply = hearth.post(CHANNEL, '<@u_evil> <b>bold</b> <img src=x onerror="window.__mentionPwned = true">', bob, null, {
      replyTo: original.id,
    });
    const el = await open(hearth);
    const target = row(el, reply.id)!;
    expect($(target, '[part="mention"]')!.textContent).to.equal(`@${evil.name}`);
    expect($(target, '[part="reply-quote"]')!.textContent).to.contain(evil.name);
    expect(target.querySelector('b, script, img:not(.avatar)')).to.equal(null);
    expect(row(el, original.id)!.querySelector('script')).to.equal(null);
    expect((window as { __mentionPwned?: boolean }).__mentionPwned).to.equal(undefined);
  });
});

describe('chat-messages conversation accessibility', () => {
  it('passes an accessibility check in light and dark with reactions, a reactors tooltip, a quote, mentions and the reply bar', async () => {
    const hearth = new FakeHearth();
    hearth.users.set(ada.id, ada);
    const original = hearth.post(CHANNEL, 'is the build green?', ada);
    const reply = hearth.post(CHANNEL, 'yes <@u_ada>, and <@u_me> fixed it', bob, null, { replyTo: original.id });
    hearth.react(CHANNEL, reply.id, '👍', ada);
    hearth.react(CHANNEL, reply.id, '👍', hearth.user);
    hearth.react(CHANNEL, reply.id, '🎉', bob);
    const el = await open(hearth);
    // The toolbar's code arrives with the first rows.
    await eventually(() => $(row(el, original.id)!, '[aria-label="Reply"]'), 'no Reply button');
    $(row(el, original.id)!, '[aria-label="Reply"]')!.click();
    await eventually(() => replyBar(el), 'no reply bar');
    $(row(el, reply.id)!, '[part~="reaction"]')!.focus();
    await eventually(() => $(row(el, reply.id)!, '[part="reactors"]'), 'no reactors tooltip');
    expect(row(el, reply.id)!.getAttribute('part')).to.contain('mentions-me');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
