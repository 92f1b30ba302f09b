import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, signIn } from './support/browser.js';
import { useDropInSession } from './support/drop-in-session.js';
import { gradientPng } from '../../packages/reference-server/test/support/png.js';

const session = useDropInSession('community');
const { api } = session;

/** A fresh browser (its own guest session), at desktop width. */
async function newPage(): Promise<Page> {
  const context = await session.newContext();
  return context.newPage();
}

/** The guest a page signed in as, from the drop-in page's session. */
async function sessionOf(page: Page): Promise<{ id: string; headers: Record<string, string> }> {
  const { token, user } = await page.evaluate(
    () => JSON.parse(sessionStorage.getItem('hearth-guest') ?? '{}') as { token: string; user: { id: string } },
  );
  return { id: user.id, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } };
}

interface ServerBody {
  id: string;
  name: string;
  iconUrl: string | null;
  visibility: string;
  channels: Array<{ id: string; name: string; topic: string; position: number }>;
}

/** Opens the open server's menu in `<chat-channels>` and picks one of its items. */
async function serverMenu(page: Page, action: 'invitePeople' | 'serverSettings' | 'createChannel' | 'leaveServer'): Promise<void> {
  await page.locator('chat-channels [part="server-menu-button"]').click();
  await page.locator(`chat-server-menu [data-action="${action}"]`).click();
}

/** Signs a new guest in on a page opened at `address` (an invite link keeps its `?invite=`). */
async function signInAt(page: Page, address: string, name: string): Promise<void> {
  await page.goto(address);
  await page.fill('#name', name);
  await page.click('text=Join the chat');
  await page.locator('text=Signed in as').waitFor();
}

/** Posts through the composer of the channel the page shows. */
async function postFromComposer(page: Page, text: string): Promise<void> {
  const input = page.locator('chat-messages textarea[part="input"]');
  await input.fill(text);
  await input.press('Enter');
  await page
    .locator('chat-messages article:not([part~="pending"])')
    .filter({ has: page.locator('[part="content"]', { hasText: text }) })
    .waitFor({ timeout: 10_000 });
}

describe('community management in the drop-in page against the reference server', () => {
  it('brings a new user into a private server by an invite link, and says plainly that a revoked one no longer works', async () => {
    const admin = await newPage();
    await signIn(admin, session.server.url, 'Grace');
    const grace = await sessionOf(admin);
    const [category] = await api<Array<{ id: string }>>('GET', '/api/categories', grace.headers);
    const club = await api<ServerBody>('POST', '/api/servers', grace.headers, {
      name: 'Night Shift',
      description: 'Invite only.',
      categoryId: category!.id,
      visibility: 'private',
    });
    const general = club.channels[0]!;
    // A server made elsewhere (here over REST) shows once the page loads again.
    await admin.goto(`${session.server.url}/#/${club.id}/${general.id}`);
    await admin.reload();

    // Invite people: the dialog makes an invite and shows its link.
    await serverMenu(admin, 'invitePeople');
    const linkField = admin.locator('chat-invite-dialog [part="invite-link"]');
    await expect.poll(() => linkField.inputValue(), { timeout: 10_000 }).toMatch(/\?invite=/);
    const link = await linkField.inputValue();
    const code = new URL(link).searchParams.get('invite')!;
    expect(new URL(link).origin).toBe(session.server.url);
    await admin.keyboard.press('Escape');

    // A brand-new user follows the link, signs in, sees what they are invited to, and accepts.
    const newcomer = await newPage();
    await signInAt(newcomer, link, 'Linus');
    const invite = newcomer.locator('chat-app chat-invite');
    await expect.poll(() => invite.locator('[part="name"]').textContent(), { timeout: 10_000 }).toBe('Night Shift');
    const inviteText = () => invite.evaluate((element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');
    await expect.poll(inviteText).toContain('1 member');
    await expect.poll(inviteText).toContain('You are invited to join');
    await newcomer.screenshot({ path: `${ARTIFACTS}/invite-preview.png` });
    await invite.locator('[part="accept"]').click();

    // They are a member of the private server now: its channel opens and takes their message.
    await expect.poll(() => newcomer.locator('chat-app').getAttribute('server-id'), { timeout: 10_000 }).toBe(club.id);
    await expect
      .poll(() => newcomer.locator('chat-channels [part="server-menu-button"]').textContent(), { timeout: 10_000 })
      .toContain('Night Shift');
    await newcomer.locator('chat-channels').getByText('general').click();
    await postFromComposer(newcomer, 'glad to be in');
    const linus = await sessionOf(newcomer);
    const members = await api<{ members: Array<{ user: { id: string } }> } | Array<{ user: { id: string } }>>(
      'GET',
      `/api/servers/${club.id}/members`,
      grace.headers,
    );
    expect((Array.isArray(members) ? members : members.members).map((member) => member.user.id)).toContain(linus.id);
    const stored = await api<{ messages: Array<{ content: string; author: { id: string } }> }>(
      'GET',
      `/api/channels/${general.id}/messages`,
      grace.headers,
    );
    expect(stored.messages.map((message) => [message.author.id, message.content])).toContainEqual([linus.id, 'glad to be in']);
    // The invite's address goes once it is accepted, so a reload does not show it again.
    await expect.poll(() => new URL(newcomer.url()).search).toBe('');

    // The admin revokes it in the settings' Invites tab.
    await serverMenu(admin, 'serverSettings');
    const settings = admin.locator('chat-server-settings');
    await settings.locator('[role="tab"][data-tab="invites"]').click();
    const row = settings.locator(`[part="invite-row"][data-code="${code}"]`);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('1 uses');
    await row.locator('[part="revoke"]').click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await admin.keyboard.press('Escape');

    // Someone else following the same link is told the invite is gone, and joins nothing.
    const latecomer = await newPage();
    await signInAt(latecomer, link, 'Margaret');
    await expect
      .poll(() => latecomer.locator('chat-invite [role="alert"]').textContent(), { timeout: 10_000 })
      .toBe('This invite is not valid: it was revoked or never existed.');
    expect(await latecomer.locator('chat-invite [part="accept"]').count()).toBe(0);
    const margaret = await sessionOf(latecomer);
    const after = await api<{ members: Array<{ user: { id: string } }> } | Array<{ user: { id: string } }>>(
      'GET',
      `/api/servers/${club.id}/members`,
      grace.headers,
    );
    expect((Array.isArray(after) ? after : after.members).map((member) => member.user.id)).not.toContain(margaret.id);
  });

  it('creates a server with an icon, manages its channels, promotes a moderator who moderates, and the audit log shows each step', async () => {
    const owner = await newPage();
    await signIn(owner, session.server.url, 'Ada');

    // "+" in the server rail: name, icon, Create. The new server opens.
    await owner.locator('chat-server-list [part="create-server"]').click();
    const create = owner.locator('chat-create-server');
    await create.locator('input[name="name"]').fill('Workshop');
    await create.locator('textarea[name="description"]').fill('Where things get built.');
    await expect.poll(() => create.locator('select[name="categoryId"] option').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await create
      .locator('input[name="icon"]')
      .setInputFiles({ name: 'workshop.png', mimeType: 'image/png', buffer: gradientPng(64, [255, 120, 40], [120, 40, 200]) });
    // The chosen icon shows before it is sent (the page's policy lets its blob: address load).
    await expect
      .poll(() => create.locator('[part="icon-preview"]').evaluate((image) => (image as HTMLImageElement).naturalWidth), {
        timeout: 10_000,
      })
      .toBe(64);
    await create.locator('[part="submit"]').click();
    await expect.poll(() => owner.locator('chat-app').getAttribute('server-id'), { timeout: 10_000 }).toMatch(/^s_/);
    const serverId = (await owner.locator('chat-app').getAttribute('server-id'))!;
    const ada = await sessionOf(owner);
    const created = await api<ServerBody>('GET', `/api/servers/${serverId}`, ada.headers);
    expect(created.name).toBe('Workshop');
    expect(created.iconUrl).toMatch(/^\/media\/.+\.png$/);
    // The rail shows the uploaded icon, not the initials.
    await expect
      .poll(() => owner.locator('chat-server-list img').evaluateAll((images) => images.map((image) => image.getAttribute('src') ?? '')), {
        timeout: 10_000,
      })
      .toContainEqual(expect.stringContaining(created.iconUrl!));
    const general = created.channels[0]!;

    // Create channel opens the settings on Channels: add #announcements, give it a topic, move it up.
    await serverMenu(owner, 'createChannel');
    const settings = owner.locator('chat-server-settings');
    const createForm = settings.locator('[part="create-channel"]');
    await createForm.locator('input[name="name"]').fill('announcements');
    await createForm.locator('button[type="submit"]').click();
    const channelRows = settings.locator('[part="channel-row"]');
    await expect.poll(() => channelRows.count(), { timeout: 10_000 }).toBe(2);
    const announcements = (await channelRows.nth(1).getAttribute('data-id'))!;
    expect(await channelRows.nth(1).locator('input[name="name"]').inputValue()).toBe('announcements');
    const topic = settings.locator(`[data-id="${announcements}"] input[name="topic"]`);
    await topic.fill('News from the workshop');
    await topic.press('Tab');
    await settings.locator(`[data-id="${announcements}"] [part="move-up"]`).click();
    await expect
      .poll(async () => (await api<ServerBody>('GET', `/api/servers/${serverId}`, ada.headers)).channels, { timeout: 10_000 })
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: announcements, topic: 'News from the workshop', position: 0 }),
          expect.objectContaining({ id: general.id, position: 1 }),
        ]),
      );
    await expect
      .poll(() => channelRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id'))))
      .toEqual([announcements, general.id]);
    // The channel list beside it follows.
    await expect
      .poll(() => owner.locator('chat-channels [part~="channel"]').allTextContents(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('announcements'), expect.stringContaining('general')]);
    await owner.keyboard.press('Escape');

    // Two more people join #general from the landing view.
    const moderatorPage = await newPage();
    const memberPage = await newPage();
    await signIn(moderatorPage, session.server.url, 'Barbara', `#/${serverId}/${general.id}`);
    await signIn(memberPage, session.server.url, 'Edsger', `#/${serverId}/${general.id}`);
    for (const page of [moderatorPage, memberPage]) await page.locator('chat-messages [part="join"]').click();
    const barbara = await sessionOf(moderatorPage);
    const edsger = await sessionOf(memberPage);

    // The owner makes Barbara a moderator in Members.
    await serverMenu(owner, 'serverSettings');
    await settings.locator('[role="tab"][data-tab="members"]').click();
    const barbaraRow = settings.locator(`[part="member-row"][data-id="${barbara.id}"]`);
    await barbaraRow.locator('[part="role-select"]').selectOption('moderator');
    await expect.poll(() => barbaraRow.locator('[part="role-badge"]').textContent(), { timeout: 10_000 }).toBe('Mod');
    await owner.keyboard.press('Escape');

    // Edsger posts; Barbara deletes it from the message's toolbar.
    await postFromComposer(memberPage, 'buy cheap watches at spam.example');
    const spam = moderatorPage
      .locator('chat-messages article')
      .filter({ has: moderatorPage.locator('[part="content"]', { hasText: 'cheap watches' }) });
    await spam.waitFor({ timeout: 10_000 });
    await spam.hover();
    await spam.locator('[part="toolbar"] button[aria-label="Delete"]').click();
    await spam.locator('[part="confirm-delete"]').click();
    await expect
      .poll(() => memberPage.locator('chat-messages [part="content"]', { hasText: 'cheap watches' }).count(), { timeout: 10_000 })
      .toBe(0);

    // Barbara times Edsger out for 10 minutes from Members (the only tab a moderator gets).
    await serverMenu(moderatorPage, 'serverSettings');
    const modSettings = moderatorPage.locator('chat-server-settings');
    // The settings' code loads on first use: the tabs show once it is in.
    await expect
      .poll(() => modSettings.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('data-tab'))), {
        timeout: 10_000,
      })
      .toEqual(['members']);
    const edsgerRow = modSettings.locator(`[part="member-row"][data-id="${edsger.id}"]`);
    await edsgerRow.locator('[part="timeout-select"]').selectOption('600');
    await edsgerRow.locator('input[name="reason"]').fill('spam');
    await edsgerRow.locator('[part="confirm-timeout"]').click();
    await expect.poll(() => edsgerRow.locator('[part="timed-out"]').textContent(), { timeout: 10_000 }).toContain('Timed out until');
    await moderatorPage.keyboard.press('Escape');

    // Edsger's composer says so, and takes nothing.
    await expect
      .poll(() => memberPage.locator('chat-messages').evaluate((element) => element.shadowRoot?.textContent ?? ''), { timeout: 10_000 })
      .toMatch(/You are timed out until/);
    expect(await memberPage.locator('chat-messages textarea[part="input"]').isDisabled()).toBe(true);
    await memberPage.screenshot({ path: `${ARTIFACTS}/timed-out-composer.png` });

    // The owner's audit log tells the story, newest first.
    await serverMenu(owner, 'serverSettings');
    await settings.locator('[role="tab"][data-tab="audit"]').click();
    const entries = settings.locator('[part="audit-entry"] > span');
    await expect.poll(() => entries.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
    const lines = (await entries.allTextContents()).map((line) => line.replace(/\s+/g, ' ').trim());
    const expected = [
      'Barbara timed out Edsger for 10 minutes — spam',
      'Barbara deleted a message: “buy cheap watches at spam.example”',
      'Ada made Barbara a moderator',
      'Ada reordered the channels',
      'Ada updated #announcements (topic: News from the workshop)',
      'Ada created #announcements',
    ];
    expect(lines.slice(0, expected.length)).toEqual(expected);
    await owner.screenshot({ path: `${ARTIFACTS}/audit-log.png` });
  });
});
