import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import { FakeFiles, pngOf } from '../../test/fake-files.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatMessages } from './chat-messages.js';
import './chat-messages.js';

const CHANNEL = 'c_one_general';
const $ = <T extends Element = HTMLElement>(root: ParentNode, selector: string) => root.querySelector<T & HTMLElement>(selector);
const $$ = (root: ParentNode, selector: string) => [...root.querySelectorAll<HTMLElement>(selector)];
const input = (el: ChatMessages) => $<HTMLTextAreaElement>(el.shadowRoot!, '[part="input"]')!;
const send = (el: ChatMessages) => $<HTMLButtonElement>(el.shadowRoot!, '[part="send"]')!;
const tray = (el: ChatMessages) => $(el.shadowRoot!, '[part="tray"]');
const items = (el: ChatMessages) => $$(el.shadowRoot!, '[part~="upload"]');
const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** A DataTransfer holding `files`, as a picker, a paste or a drop hands them over. */
function transferOf(files: File[]): DataTransfer {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  return transfer;
}

/** Chooses files with the Attach button's picker. */
function pick(el: ChatMessages, files: File[]): void {
  const picker = $<HTMLInputElement>(el.shadowRoot!, 'input[type="file"]')!;
  picker.files = transferOf(files).files;
  picker.dispatchEvent(new Event('change', { bubbles: true }));
}

const textFile = (name: string, size = 2048) => new File([new Uint8Array(size)], name, { type: 'text/plain' });

let files: FakeFiles;
let restore: () => void;

beforeEach(() => {
  const hearth = new FakeHearth();
  files = new FakeFiles(hearth);
  restore = files.install();
});
afterEach(() => restore());

async function open() {
  const hearth = files.hearth;
  hearth.post(CHANNEL, 'hello', { id: 'u_ada', name: 'Ada', avatarUrl: null });
  const el = await fixture<ChatMessages>(
    html`<chat-messages style="height: 560px" .client=${hearth.client()} server-id="s_one" channel-id=${CHANNEL}></chat-messages>`,
  );
  await eventually(() => el.shadowRoot!.querySelectorAll('article').length === 1 && !input(el).disabled, 'the channel never opened');
  return el;
}

describe('chat-messages composer files', () => {
  it('uploads a picked file at once with its progress, then removes it from the server with its Remove button', async () => {
    const el = await open();
    const attach = $<HTMLButtonElement>(el.shadowRoot!, '[part="attach"]')!;
    expect(attach.getAttribute('aria-label')).to.equal('Attach files');

    pick(el, [textFile('notes.txt', 4000)]);
    await eventually(() => files.uploads.length === 1 && tray(el) !== null, 'the upload never started');
    const [upload] = files.uploads;
    expect(upload!.channelId).to.equal(CHANNEL);
    expect(upload!.name).to.equal('notes.txt');
    expect(tray(el)!.getAttribute('aria-label')).to.equal('Files to send');
    expect(text(items(el)[0])).to.contain('notes.txt');

    upload!.progress(1000);
    const progress = () => $<HTMLProgressElement>(el.shadowRoot!, '[part="upload-progress"]');
    await eventually(() => progress()?.value === 1000, 'the progress never moved');
    expect(progress()!.max).to.equal(4000);
    expect(progress()!.getAttribute('aria-label')).to.equal('Uploading notes.txt');
    expect(send(el).disabled, 'Send waits for the upload').to.equal(true);
    expect(text(tray(el))).to.contain('Send is ready once every file is uploaded.');
    await expect(el).to.be.accessible();

    const attachment = upload!.finish();
    await eventually(() => $(el.shadowRoot!, '[part="remove-file"]') !== null, 'the upload never finished');
    expect(progress()).to.equal(null);
    expect(send(el).disabled).to.equal(false);
    const said = $$(el.shadowRoot!, '[aria-live="polite"]').map((region) => text(region));
    expect(said, 'the finished upload is announced politely').to.include('notes.txt is ready to send.');

    $(el.shadowRoot!, '[part="remove-file"]')!.click();
    await eventually(() => files.removed.includes(attachment.id), 'the upload was never removed');
    await eventually(() => tray(el) === null, 'the tray never emptied');
  });

  it('cancels an upload in progress: it is aborted and leaves the tray, and nothing is removed', async () => {
    const el = await open();
    pick(el, [textFile('big.log', 900_000)]);
    await eventually(() => $(el.shadowRoot!, '[part="cancel-upload"]') !== null, 'no Cancel button');
    const cancel = $(el.shadowRoot!, '[part="cancel-upload"]')!;
    expect(cancel.getAttribute('aria-label')).to.equal('Cancel the upload of big.log');
    files.uploads[0]!.progress(300_000);
    cancel.click();
    await eventually(() => tray(el) === null, 'the tray kept the cancelled file');
    expect(files.uploads[0]!.aborted).to.equal(true);
    expect(files.removed).to.deep.equal([]);
    expect(send(el).disabled).to.equal(false);
  });

  it('says why a file was refused, with the limit from the server, keeps the text typed, and lets the error be dismissed', async () => {
    const el = await open();
    input(el).focus();
    await sendKeys({ type: 'look at this' });
    pick(el, [textFile('huge.bin', 5000)]);
    await eventually(() => files.uploads.length === 1, 'the upload never started');
    files.uploads[0]!.refuse(413, 'payload_too_large', 'The file is 12.4 MB; the most is 10 MB.');
    await eventually(() => $(el.shadowRoot!, '[part~="refused"]') !== null, 'the refusal was never shown');
    expect(text($(el.shadowRoot!, '[part~="refused"]'))).to.contain('huge.bin was not uploaded: The file is 12.4 MB; the most is 10 MB.');
    expect(input(el).value).to.equal('look at this');
    expect(send(el).disabled).to.equal(false);
    await expect(el).to.be.accessible();

    $(el.shadowRoot!, '[part="dismiss-upload"]')!.click();
    await eventually(() => tray(el) === null, 'the refusal was never dismissed');
    expect(input(el).value).to.equal('look at this');
  });

  it('adds at most 10 files to a message and says how many were left out', async () => {
    const el = await open();
    pick(
      el,
      Array.from({ length: 11 }, (_, index) => textFile(`file-${index + 1}.txt`, 10)),
    );
    await eventually(() => files.uploads.length === 10 && items(el).length === 10, 'ten uploads never started');
    expect(text(tray(el))).to.contain('At most 10 files per message: 1 not added.');
    expect(files.uploads.map((upload) => upload.name)).not.to.include('file-11.txt');
  });

  it('adds files pasted into the field instead of pasting their names', async () => {
    const el = await open();
    const image = new File([await pngOf(40, 30)], 'paste.png', { type: 'image/png' });
    const paste = new ClipboardEvent('paste', { clipboardData: transferOf([image]), bubbles: true, cancelable: true, composed: true });
    input(el).dispatchEvent(paste);
    expect(paste.defaultPrevented).to.equal(true);
    await eventually(() => files.uploads.length === 1, 'the pasted file never uploaded');
    expect(files.uploads[0]!.name).to.equal('paste.png');
    expect(input(el).value).to.equal('');
    // A chosen image shows its own thumbnail while it uploads.
    await eventually(() => $<HTMLImageElement>(el.shadowRoot!, '.upload img')?.src.startsWith('blob:'), 'no thumbnail');
  });

  it('shows a drop zone while files are dragged over the messages, and uploads the files dropped', async () => {
    const el = await open();
    const list = $(el.shadowRoot!, '[part="list"]')!;
    const transfer = transferOf([textFile('dropped.txt')]);
    const drag = (type: string) => {
      const event = new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true });
      list.dispatchEvent(event);
      return event;
    };
    expect(drag('dragenter').defaultPrevented).to.equal(true);
    expect(drag('dragover').defaultPrevented, 'a drop needs its dragover accepted').to.equal(true);
    await eventually(() => $(el.shadowRoot!, '[part="drop-zone"]') !== null, 'no drop zone');
    expect(text($(el.shadowRoot!, '[part="drop-zone"]'))).to.equal('Drop files to send them in #general');

    drag('drop');
    await eventually(() => files.uploads.length === 1, 'the dropped file never uploaded');
    await eventually(() => $(el.shadowRoot!, '[part="drop-zone"]') === null, 'the drop zone stayed');
    expect(files.uploads[0]!.name).to.equal('dropped.txt');
  });

  it('sends uploaded files without text: the tray empties and the pending row shows them at once', async () => {
    const el = await open();
    files.hearth.holdAcks = true;
    pick(el, [textFile('report.txt', 3000), new File([await pngOf(120, 80)], 'shot.png', { type: 'image/png' })]);
    await eventually(() => files.uploads.length === 2, 'the uploads never started');
    const [report, shot] = files.uploads as [(typeof files.uploads)[number], (typeof files.uploads)[number]];
    const first = report.finish();
    await eventually(() => $(el.shadowRoot!, '[part="remove-file"]') !== null, 'the first upload never finished');
    // Enter while a file still uploads sends nothing.
    input(el).focus();
    await sendKeys({ press: 'Enter' });
    expect(files.sends).to.deep.equal([]);
    const second = shot.finish({ width: 120, height: 80 });
    await eventually(() => !send(el).disabled, 'Send never enabled');

    send(el).click();
    await eventually(() => files.sends.length === 1, 'nothing was sent');
    expect(files.sends[0]).to.include({ content: '', channelId: CHANNEL });
    expect(files.sends[0]!.attachments).to.deep.equal([first.id, second.id]);
    await eventually(() => tray(el) === null, 'the tray never emptied');
    const pending = $(el.shadowRoot!, 'article[part~="pending"]');
    await eventually(() => text(pending).includes('report.txt'), 'the pending row never showed the file');
    expect($$(pending!, '.image-box').length).to.equal(1);

    files.hearth.releaseAcks();
    await eventually(() => $(el.shadowRoot!, 'article[part~="pending"]') === null, 'the send was never acknowledged');
  });
});
