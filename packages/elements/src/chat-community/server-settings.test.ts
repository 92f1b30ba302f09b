import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import type { ChatServerSettings } from './server-settings.js';
import { allInside, channelsAs, deepActive, inside, openSettings, showTab, tabs } from '../../test/community-ui.js';

/** The body of the last request the fake received as `request` (`PATCH /api/…`). */
function bodyOf(hearth: { requests: string[]; bodies: unknown[] }, request: string): unknown {
  return hearth.bodies[hearth.requests.lastIndexOf(request)];
}

/** Sets a field's value and fires what the user's change fires. */
function change(field: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

const channelNames = (root: Element) => allInside(root, '[role="option"] .name').map((name) => name.textContent);
const row = (settings: ChatServerSettings, id: string) => inside(settings, `[data-id="${id}"]`)!;

async function submit(form: HTMLFormElement): Promise<void> {
  form.requestSubmit();
  await new Promise((resolve) => setTimeout(resolve));
}

describe('chat-server-settings', () => {
  it("edits the server's overview and uploads an icon with a preview; the channels header follows server_update", async () => {
    const { el, hearth } = await channelsAs('admin');
    const settings = await openSettings(el);
    await eventually(() => allInside(settings, 'select[name="categoryId"] option').length === 2, 'no categories');
    const form = inside<HTMLFormElement>(settings, 'form[part="overview"]')!;
    change(form.querySelector('input[name="name"]')!, 'Pixel Pals HQ');
    change(form.querySelector('textarea[name="description"]')!, 'Our new home');
    form.querySelector<HTMLInputElement>('input[value="private"]')!.click();
    const icon = form.querySelector<HTMLInputElement>('[part="icon-input"]')!;
    const files = new DataTransfer();
    files.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'icon.png', { type: 'image/png' }));
    icon.files = files.files;
    icon.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await eventually(() => inside<HTMLImageElement>(settings, '[part="icon-preview"]')?.src.startsWith('blob:'), 'no preview');
    await submit(form);
    await eventually(() => hearth.requests.includes('PUT /api/servers/s_one/icon'), 'the icon was not uploaded');
    expect(bodyOf(hearth, 'PATCH /api/servers/s_one')).to.deep.equal({
      name: 'Pixel Pals HQ',
      description: 'Our new home',
      categoryId: 'ct_games',
      visibility: 'private',
    });
    await eventually(() => el.shadowRoot!.querySelector('h2')!.textContent.trim() === 'Pixel Pals HQ', 'the header did not follow');
    await eventually(() => inside(settings, '[part="save"]')?.parentElement?.textContent.includes('Saved.'), 'not said saved');
  });

  it('creates, renames, sets the topic and slow mode of, reorders (by keyboard) and deletes channels', async () => {
    const { el, hearth } = await channelsAs('admin');
    const settings = await openSettings(el);
    await showTab(settings, 'channels');
    const create = inside<HTMLFormElement>(settings, '[part="create-channel"]')!;
    change(create.querySelector('input[name="name"]')!, 'announcements');
    change(create.querySelector('input[name="topic"]')!, 'News only');
    await submit(create);
    await eventually(() => channelNames(el).includes('announcements'), 'the new channel did not show');
    expect(bodyOf(hearth, 'POST /api/servers/s_one/channels')).to.deep.equal({ name: 'announcements', topic: 'News only' });

    change(row(settings, 'c_one_random').querySelector('input[name="name"]')!, 'off-topic');
    await eventually(() => channelNames(el).includes('off-topic'), 'the rename did not show');
    expect(bodyOf(hearth, 'PATCH /api/channels/c_one_random')).to.deep.equal({ name: 'off-topic' });
    change(row(settings, 'c_one_general').querySelector('input[name="topic"]')!, 'Say hi');
    await eventually(() => bodyOf(hearth, 'PATCH /api/channels/c_one_general'), 'no topic change');
    expect(bodyOf(hearth, 'PATCH /api/channels/c_one_general')).to.deep.equal({ topic: 'Say hi' });
    const slowMode = row(settings, 'c_one_general').querySelector<HTMLSelectElement>('select[name="slowMode"]')!;
    expect([...slowMode.options].map((option) => option.textContent.trim())).to.deep.equal([
      'Off',
      '5 seconds',
      '10 seconds',
      '30 seconds',
      '1 minute',
      '5 minutes',
      '15 minutes',
      '1 hour',
      '6 hours',
    ]);
    change(slowMode, '10');
    await eventually(
      () => hearth.servers[0]!.channels.find((channel) => channel.id === 'c_one_general')!.slowModeSeconds === 10,
      'no slow mode',
    );

    const down = row(settings, 'c_one_general').querySelector<HTMLButtonElement>('[part="move-down"]')!;
    down.focus();
    await sendKeys({ press: 'Enter' });
    await eventually(() => channelNames(el).join() === 'off-topic,general,announcements', `not reordered (${channelNames(el).join()})`);
    expect(bodyOf(hearth, 'PUT /api/servers/s_one/channels/order')).to.deep.equal({
      channelIds: ['c_one_random', 'c_one_general', 'c_one_announcements'],
    });
    // The focus follows the channel to its new place.
    await eventually(() => deepActive() === row(settings, 'c_one_general').querySelector('[part="move-down"]'), 'focus lost');

    row(settings, 'c_one_announcements').querySelector<HTMLButtonElement>('[part="delete-channel"]')!.click();
    await eventually(() => row(settings, 'c_one_announcements').querySelector('[part="confirm-delete"]'), 'no confirmation');
    expect(hearth.requests).not.to.include('DELETE /api/channels/c_one_announcements');
    row(settings, 'c_one_announcements').querySelector<HTMLButtonElement>('[part="confirm-delete"]')!.click();
    await eventually(() => !channelNames(el).includes('announcements'), 'the channel stayed');
    expect(hearth.requests).to.include('DELETE /api/channels/c_one_announcements');
  });

  it('says why a channel could not be created (a clashing name)', async () => {
    const { el } = await channelsAs('admin');
    const settings = await openSettings(el);
    await showTab(settings, 'channels');
    const create = inside<HTMLFormElement>(settings, '[part="create-channel"]')!;
    change(create.querySelector('input[name="name"]')!, 'general');
    await submit(create);
    await eventually(() => inside(settings, '[part="error"]'), 'no error');
    expect(inside(settings, '[part="error"]')!.textContent).to.contain('conflict');
  });

  it('opens on Members for a moderator, whose only tab it is, with the members listed and time-out offered', async () => {
    const { el } = await channelsAs('moderator');
    const settings = await openSettings(el);
    expect(tabs(settings)).to.deep.equal(['members']);
    await eventually(() => inside(settings, '[data-id="u_adam"] [part="timeout-select"]'), 'the members never loaded');
  });

  it('changes roles, times out (and lifts), kicks and bans with reasons; the list follows member_update; bans can be lifted', async () => {
    const { el, hearth } = await channelsAs('admin');
    const settings = await openSettings(el);
    await showTab(settings, 'members');
    await eventually(() => inside(settings, '[data-id="u_bob"]'), 'no members');

    change(row(settings, 'u_bob').querySelector('[part="role-select"]')!, 'moderator');
    await eventually(() => row(settings, 'u_bob').querySelector('[part="role-badge"]')!.textContent === 'Mod', 'the badge did not follow');
    expect(bodyOf(hearth, 'PATCH /api/servers/s_one/members/u_bob')).to.deep.equal({ role: 'moderator' });

    change(row(settings, 'u_adam').querySelector('[part="timeout-select"]')!, '600');
    await eventually(() => row(settings, 'u_adam').querySelector('[part="confirm"]'), 'no time-out confirmation');
    expect(row(settings, 'u_adam').querySelector('[part="confirm"]')!.textContent).to.contain('Time out Adam for 10 minutes?');
    change(row(settings, 'u_adam').querySelector('input[name="reason"]')!, 'spam');
    await submit(row(settings, 'u_adam').querySelector<HTMLFormElement>('[part="confirm"]')!);
    await eventually(() => row(settings, 'u_adam').querySelector('[part="timed-out"]'), 'the time-out did not show');
    expect(bodyOf(hearth, 'PATCH /api/servers/s_one/members/u_adam')).to.deep.equal({ timeoutSeconds: 600, reason: 'spam' });
    row(settings, 'u_adam').querySelector<HTMLButtonElement>('[part="lift-timeout"]')!.click();
    await eventually(() => !row(settings, 'u_adam').querySelector('[part="timed-out"]'), 'the time-out stayed');
    expect(bodyOf(hearth, 'PATCH /api/servers/s_one/members/u_adam')).to.deep.equal({ timeoutSeconds: 0 });

    row(settings, 'u_adam').querySelector<HTMLButtonElement>('[part="kick"]')!.click();
    await eventually(() => row(settings, 'u_adam').querySelector('[part="confirm"]'), 'no kick confirmation');
    change(row(settings, 'u_adam').querySelector('input[name="reason"]')!, 'rude');
    await submit(row(settings, 'u_adam').querySelector<HTMLFormElement>('[part="confirm"]')!);
    await eventually(() => !inside(settings, '[data-id="u_adam"]'), 'the kicked member stayed');
    expect(hearth.requests).to.include('DELETE /api/servers/s_one/members/u_adam?reason=rude');

    row(settings, 'u_ada').querySelector<HTMLButtonElement>('[part="ban"]')!.click();
    await eventually(() => row(settings, 'u_ada').querySelector('[part="confirm"]'), 'no ban confirmation');
    change(row(settings, 'u_ada').querySelector('input[name="reason"]')!, 'raids');
    await submit(row(settings, 'u_ada').querySelector<HTMLFormElement>('[part="confirm"]')!);
    await eventually(() => !inside(settings, '[data-id="u_ada"]'), 'the banned member stayed');
    expect(bodyOf(hearth, 'PUT /api/servers/s_one/bans/u_ada')).to.deep.equal({ reason: 'raids' });

    await showTab(settings, 'bans');
    await eventually(() => inside(settings, '[part="ban-row"]'), 'no bans');
    expect(inside(settings, '[part="ban-row"]')!.textContent).to.contain('Ada Lovelace').and.to.contain('raids');
    inside(settings, '[part="unban"]')!.click();
    await eventually(() => inside(settings, '[part="empty"]')?.textContent === 'Nobody is banned.', 'the ban stayed');
    expect(hearth.requests).to.include('DELETE /api/servers/s_one/bans/u_ada');
  });

  it('makes invites with an expiry and a use limit, copies their links and revokes them', async () => {
    const { el, hearth } = await channelsAs('admin');
    const settings = await openSettings(el);
    await showTab(settings, 'invites');
    await eventually(() => inside(settings, '[part="empty"]'), 'no empty list');
    const form = inside<HTMLFormElement>(settings, '[part="create-invite"]')!;
    const expiry = form.querySelector<HTMLSelectElement>('select[name="expiry"]')!;
    const uses = form.querySelector<HTMLSelectElement>('select[name="uses"]')!;
    expect([...expiry.options].map((option) => option.textContent.trim())).to.deep.equal([
      'Never',
      '30 minutes',
      '1 hour',
      '6 hours',
      '12 hours',
      '1 day',
      '1 week',
    ]);
    expect([...uses.options].map((option) => option.textContent.trim())).to.deep.equal(['No limit', '1', '5', '10', '25', '50', '100']);
    change(expiry, '3600');
    change(uses, '5');
    await submit(form);
    await eventually(() => inside(settings, '[part="invite-row"]'), 'the invite did not show');
    expect(bodyOf(hearth, 'POST /api/servers/s_one/invites')).to.deep.equal({ maxAgeSeconds: 3600, maxUses: 5 });
    const code = hearth.community.invites[0]!.code;
    expect(inside(settings, '[part="invite-row"]')!.textContent).to.contain(code).and.to.contain('0 of 5 uses').and.to.contain('expires');
    inside(settings, '[part="revoke"]')!.click();
    await eventually(() => inside(settings, '[part="empty"]'), 'the invite stayed');
    expect(hearth.requests).to.include(`DELETE /api/servers/s_one/invites/${code}`);
  });

  it('lists the audit log as readable lines, newest first, with Load more', async () => {
    const { el, hearth } = await channelsAs('admin');
    const bob = hearth.memberList.find((user) => user.id === 'u_bob')!;
    const log = (action: string, details: Record<string, string | number>, reason: string | null = null) =>
      hearth.community.audit.unshift({
        id: hearth.community.audit.length + 1,
        serverId: 's_one',
        actor: { id: 'u_ada', name: 'Ada', avatarUrl: null },
        action,
        target: { kind: 'user', id: bob.id, label: bob.name },
        details,
        reason,
        createdAt: new Date().toISOString(),
      });
    for (let index = 0; index < 50; index++) log('member_role', { role: 'member', previous: 'moderator' });
    log('member_role', { role: 'moderator', previous: 'member' });
    log('member_timeout', { seconds: 600 }, 'spamming links');
    const settings = await openSettings(el);
    await showTab(settings, 'audit');
    await eventually(() => allInside(settings, '[part="audit-entry"]').length === 50, 'no first page');
    const lines = () => allInside(settings, '[part="audit-entry"] span').map((line) => line.textContent);
    expect(lines().slice(0, 2)).to.deep.equal(['Ada timed out Bob for 10 minutes — spamming links', 'Ada made Bob a moderator']);
    inside(settings, '[part="load-more"]')!.click();
    await eventually(() => allInside(settings, '[part="audit-entry"]').length === 52, 'no second page');
    expect(inside(settings, '[part="load-more"]')).to.equal(null);
    expect(hearth.requests).to.include('GET /api/servers/s_one/audit-log?before=3&limit=50');
  });
});
