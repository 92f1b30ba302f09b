import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeFiles, pngOf } from '../../test/fake-files.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';
import '../chat-thread/chat-thread.js';

const CHANNEL = 'c_one_general';
const ada = { id: 'u_ada', name: 'Ada', avatarUrl: null };
const $ = <T extends Element = HTMLElement>(root: ParentNode, selector: string) => root.querySelector<T & HTMLElement>(selector);
const $$ = <T extends Element = HTMLElement>(root: ParentNode, selector: string) => [...root.querySelectorAll<T & HTMLElement>(selector)];
const row = (el: Element, messageId: string) => $(el.shadowRoot!, `article[data-key="${messageId}"]`);
const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
const focused = (el: Element) => el.shadowRoot!.activeElement as HTMLElement | null;
const lightbox = (el: Element) => $<HTMLDialogElement>(el.shadowRoot!, 'dialog[part="lightbox"]');

let files: FakeFiles;
let restore: () => void;

beforeEach(() => {
  files = new FakeFiles(new FakeHearth());
  restore = files.install();
});
afterEach(() => restore());

async function open(width = 700) {
  const el = await fixture<ChatMessages>(
    html`<chat-messages
      style="height: 600px; width: ${width}px; display: flex"
      .client=${files.hearth.client()}
      server-id="s_one"
      channel-id=${CHANNEL}
    ></chat-messages>`,
  );
  await eventually(() => el.shadowRoot!.querySelectorAll('article').length > 0, 'the channel never opened');
  return el;
}

async function image(name: string, width: number, height: number, colour?: string) {
  return files.store(name, await pngOf(width, height, colour), { width, height });
}

describe('chat-messages attachments in rows', () => {
  it('reserves a lone image its box before its bytes arrive, then shows them from a blob: URL in the same box', async () => {
    const photo = await image('sunset.png', 800, 600);
    const message = files.post(CHANNEL, 'look', [photo], ada);
    files.holdFetches = true;
    const el = await open();
    const box = () => $(row(el, message.id)!, '.image-box')!;
    await eventually(() => row(el, message.id) !== null && box() !== null, 'no image box');
    const before = box().getBoundingClientRect();
    // 800 × 600 shown at most 400 wide and 300 tall, at its own shape.
    expect([Math.round(before.width), Math.round(before.height)]).to.deep.equal([400, 300]);
    expect($(box(), 'img')).to.equal(null);
    const rowHeight = row(el, message.id)!.getBoundingClientRect().height;

    await eventually(() => files.fetched.includes(photo.id), 'the bytes were never asked for');
    files.releaseFetches();
    const img = () => $<HTMLImageElement>(box(), 'img');
    await eventually(() => img()?.complete && img()!.naturalWidth === 800, 'the image never loaded');
    expect(img()!.src.startsWith('blob:')).to.equal(true);
    expect(img()!.alt).to.equal('sunset.png');
    const after = box().getBoundingClientRect();
    expect([after.width, after.height]).to.deep.equal([before.width, before.height]);
    expect(row(el, message.id)!.getBoundingClientRect().height).to.equal(rowHeight);
    await expect(el).to.be.accessible();
  });

  it('tiles several images: the first of three spans the grid, each opens the viewer', async () => {
    const images = [await image('a.png', 300, 200), await image('b.png', 200, 300), await image('c.png', 100, 100)];
    const message = files.post(CHANNEL, '', images, ada);
    const el = await open();
    await eventually(() => $$(row(el, message.id)!, '[part="image"]').length === 3, 'the images never rendered');
    const boxes = $$(row(el, message.id)!, '.image-box').map((box) => box.getBoundingClientRect());
    const [first, second, third] = boxes as [DOMRect, DOMRect, DOMRect];
    expect(Math.round(first.width)).to.equal(400);
    expect(Math.round(second.width)).to.equal(Math.round(third.width));
    expect(second.top).to.be.greaterThan(first.bottom - 1);
    expect(Math.round(second.width)).to.equal(Math.round(second.height));
    expect($$(row(el, message.id)!, '[part="image"]').map((button) => button.getAttribute('aria-label'))).to.deep.equal([
      'Open image a.png',
      'Open image b.png',
      'Open image c.png',
    ]);
  });

  it('opens an image in the viewer: arrows move among the message’s images, Escape closes and the focus returns', async () => {
    const images = [
      await image('one.png', 640, 480, '#ef4444'),
      await image('two.png', 480, 640, '#22c55e'),
      await image('three.png', 500, 500),
    ];
    const message = files.post(CHANNEL, 'album', images, ada);
    const el = await open();
    await eventually(() => $$(row(el, message.id)!, '[part="image"]').length === 3, 'the images never rendered');
    const second = $$(row(el, message.id)!, '[part="image"]')[1]!;
    second.focus();
    await sendKeys({ press: 'Enter' });
    await eventually(() => lightbox(el)?.open, 'the viewer never opened');
    const shown = () => $<HTMLImageElement>(lightbox(el)!, '[part="lightbox-image"]')!;
    expect(text($(lightbox(el)!, '#lightbox-name'))).to.equal('two.png');
    expect(text(lightbox(el))).to.contain('2 of 3');
    await eventually(() => shown().src.startsWith('blob:') && shown().complete, 'the image never loaded in the viewer');
    const download = $<HTMLAnchorElement>(lightbox(el)!, '[part="lightbox-download"]')!;
    expect(download.download).to.equal('two.png');
    expect(download.href.startsWith('blob:')).to.equal(true);
    // Fitted to the viewport.
    expect(shown().getBoundingClientRect().height).to.be.at.most(innerHeight);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'ArrowRight' });
    await eventually(() => text($(lightbox(el)!, '#lightbox-name')) === 'three.png', 'ArrowRight did not move on');
    expect(text(lightbox(el))).to.contain('3 of 3');
    await sendKeys({ press: 'ArrowRight' });
    await eventually(() => text($(lightbox(el)!, '#lightbox-name')) === 'one.png', 'ArrowRight did not wrap to the first');
    await sendKeys({ press: 'ArrowLeft' });
    await eventually(() => text($(lightbox(el)!, '#lightbox-name')) === 'three.png', 'ArrowLeft did not move back');

    await sendKeys({ press: 'Escape' });
    await eventually(() => lightbox(el) === null, 'Escape did not close the viewer');
    expect(focused(el)).to.equal(second);
  });

  it('closes the viewer with its close button and gives the focus back to the image', async () => {
    const photo = await image('solo.png', 200, 100);
    const message = files.post(CHANNEL, '', [photo], ada);
    const el = await open();
    await eventually(() => $(row(el, message.id)!, '[part="image"]') !== null, 'no image');
    const button = $(row(el, message.id)!, '[part="image"]')!;
    button.click();
    await eventually(() => lightbox(el)?.open, 'the viewer never opened');
    expect($(lightbox(el)!, '[part="lightbox-next"]'), 'one image has no Next').to.equal(null);
    $(lightbox(el)!, '[part="lightbox-close"]')!.click();
    await eventually(() => lightbox(el) === null, 'the close button did not close the viewer');
    expect(focused(el)).to.equal(button);
  });

  it('shows another file as a card: type, name, readable size, and a Download that saves its bytes under its name', async () => {
    const bytes = new Blob([new Uint8Array(1_572_864)], { type: 'application/pdf' });
    const pdf = files.store('quarterly report with a long name that goes on and on.pdf', bytes);
    const message = files.post(CHANNEL, 'the report', [pdf], ada);
    const el = await open(420);
    await eventually(() => $(row(el, message.id)!, '[part="download"]') !== null, 'no file card');
    const card = $(row(el, message.id)!, '[part="file"]')!;
    expect(text(card)).to.contain('PDF');
    expect(text(card)).to.contain('1.5 MB');
    const name = $(card, '[part="file-name"]')!;
    expect(name.title).to.equal(pdf.name);
    expect(name.scrollWidth, 'the long name is cut').to.be.greaterThan(name.clientWidth);
    expect(card.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right);

    const saved = new Promise<HTMLAnchorElement>((resolve) => {
      el.shadowRoot!.addEventListener('click', (event) => {
        const target = event.target as HTMLElement;
        if (target instanceof HTMLAnchorElement && target.download) {
          event.preventDefault();
          resolve(target);
        }
      });
    });
    const download = $(card, '[part="download"]')!;
    expect(download.getAttribute('aria-label')).to.equal(`Download ${pdf.name}`);
    download.click();
    const link = await saved;
    expect(link.download).to.equal(pdf.name);
    expect(link.href.startsWith('blob:')).to.equal(true);
    expect((await (await fetch(link.href)).blob()).size).to.equal(bytes.size);
    expect(files.fetched).to.include(pdf.id);
    await expect(el).to.be.accessible();
  });

  it('shows a small broken-image sign with the file name when the bytes cannot be fetched', async () => {
    const photo = await image('gone.png', 300, 300);
    files.failing.add(photo.id);
    const message = files.post(CHANNEL, '', [photo], ada);
    const el = await open();
    await eventually(() => text($(row(el, message.id)!, '[part="image"]')) === 'gone.png', 'no broken-image sign');
    expect($(row(el, message.id)!, 'img')).to.equal(null);
    const box = $(row(el, message.id)!, '.image-box')!.getBoundingClientRect();
    expect([Math.round(box.width), Math.round(box.height)]).to.deep.equal([300, 300]);
  });

  it('shows no files on a deleted message', async () => {
    const pdf = files.store('gone.pdf', new Blob(['%PDF-1.4'], { type: 'application/pdf' }));
    const message = files.post(CHANNEL, 'soon gone', [pdf, await image('gone.png', 50, 50)], ada);
    const el = await open();
    await eventually(() => $(row(el, message.id)!, '[part="attachments"]') !== null, 'the files never showed');
    files.hearth.remove(CHANNEL, message.id);
    await eventually(() => $(row(el, message.id)!, '[part="tombstone"]') !== null, 'the delete never arrived');
    expect($(row(el, message.id)!, '[part="attachments"]')).to.equal(null);
  });

  it('revokes the blob: URLs it made once the element leaves the page', async () => {
    const photo = await image('kept.png', 64, 64);
    const message = files.post(CHANNEL, '', [photo], ada);
    const el = await open();
    const img = () => $<HTMLImageElement>(row(el, message.id)!, 'img');
    await eventually(() => img()?.src.startsWith('blob:'), 'the image never showed');
    const url = img()!.src;
    expect((await fetch(url)).ok).to.equal(true);
    el.remove();
    let revoked = false;
    await fetch(url).catch(() => (revoked = true));
    expect(revoked).to.equal(true);
  });

  it('shows the files of a thread’s messages too', async () => {
    const photo = await image('root.png', 320, 240);
    const root = files.post(CHANNEL, 'a thread about this', [photo], ada);
    const thread = await fixture(
      html`<chat-thread
        style="height: 500px; width: 400px; display: flex"
        .client=${files.hearth.client()}
        server-id="s_one"
        channel-id=${CHANNEL}
        root-id=${root.id}
      ></chat-thread>`,
    );
    await eventually(
      () => $<HTMLImageElement>(thread.shadowRoot!, '[part="image"] img')?.src.startsWith('blob:'),
      'the thread never showed the image',
    );
  });
});
