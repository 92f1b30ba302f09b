import { expect, fixture, html } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeFiles } from '../../test/fake-files.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatThread } from './chat-thread.js';
import './chat-thread.js';

const CHANNEL = 'c_one_general';
const ada = { id: 'u_ada', name: 'Ada', avatarUrl: null };
const $ = <T extends HTMLElement = HTMLElement>(el: ChatThread, selector: string) => el.shadowRoot!.querySelector<T>(selector);

let files: FakeFiles;
let restore: () => void;

beforeEach(() => {
  files = new FakeFiles(new FakeHearth());
  restore = files.install();
});
afterEach(() => restore());

describe('chat-thread composer files', () => {
  it('sends a picked file into the thread with the reply, and empties its tray', async () => {
    const hearth = files.hearth;
    const root = hearth.post(CHANNEL, 'the spec, anyone?', ada);
    const el = await fixture<ChatThread>(
      html`<chat-thread
        style="height: 420px"
        .client=${hearth.client()}
        server-id="s_one"
        channel-id=${CHANNEL}
        root-id=${root.id}
      ></chat-thread>`,
    );
    const input = () => $<HTMLTextAreaElement>(el, '[part="input"]');
    await eventually(() => input() && !input()!.disabled, 'the composer never enabled');
    expect($(el, '[part="attach"]')!.getAttribute('aria-label')).to.equal('Attach files');

    const picker = $<HTMLInputElement>(el, 'input[type="file"]')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(1500)], 'spec.txt', { type: 'text/plain' }));
    picker.files = transfer.files;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await eventually(() => files.uploads.length === 1 && $(el, '[part="tray"]') !== null, 'the upload never started');
    expect(files.uploads[0]!.channelId).to.equal(CHANNEL);
    const attachment = files.uploads[0]!.finish();
    await eventually(() => $(el, '[part="remove-file"]') !== null, 'the upload never finished');

    input()!.value = 'here it is';
    $<HTMLButtonElement>(el, '[part="send"]')!.click();
    await eventually(() => files.sends.length === 1, 'nothing was sent');
    expect(files.sends[0]).to.include({ content: 'here it is', channelId: CHANNEL, threadId: root.id });
    expect(files.sends[0]!.attachments).to.deep.equal([attachment.id]);
    await eventually(() => $(el, '[part="tray"]') === null, 'the tray never emptied');
  });
});
