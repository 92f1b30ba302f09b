import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import type { ChatInvite } from './chat-invite.js';
import './chat-invite.js';

const $ = <T extends HTMLElement = HTMLElement>(el: ChatInvite, selector: string) => el.shadowRoot!.querySelector<T>(selector);

/** A Hearth with a private server the user does not belong to, and an invite to it. */
function privateServer(invite: { expiresAt?: string | null; maxUses?: number | null } = {}) {
  const hearth = new FakeHearth();
  const server = hearth.addServer({ id: 's_club', name: 'Secret Club', categoryId: 'ct_games', channels: ['lobby'], member: false });
  server.visibility = 'private';
  server.description = 'Members only';
  hearth.community.invites.push({
    code: 'club',
    serverId: 's_club',
    createdBy: { id: 'u_owner', name: 'Owner', avatarUrl: null },
    createdAt: new Date().toISOString(),
    expiresAt: invite.expiresAt ?? null,
    maxUses: invite.maxUses ?? null,
    uses: 0,
  });
  return hearth;
}

describe('chat-invite', () => {
  it("previews the invite's server, and Accept joins it and fires chat-server-select", async () => {
    const hearth = privateServer();
    const client = hearth.client();
    const el = await fixture<ChatInvite>(html`<chat-invite .client=${client} code="club"></chat-invite>`);
    await eventually(() => $(el, '[part="accept"]'), 'no preview');
    expect($(el, '[part="name"]')!.textContent).to.equal('Secret Club');
    expect($(el, '[part="card"]')!.textContent).to.contain('Members only').and.to.contain('3 members');
    expect($(el, '[part="icon"]')!.textContent).to.equal('SC');
    await expect(el).to.be.accessible();
    setTimeout(() => $(el, '[part="accept"]')!.click());
    const event = await oneEvent(el, 'chat-server-select');
    expect(event.detail).to.deep.equal({ serverId: 's_club', serverName: 'Secret Club' });
    expect(hearth.requests).to.include('POST /api/invites/club');
    expect(hearth.members.has('s_club:u_me')).to.equal(true);
    await eventually(() => $(el, '[role="status"]')?.textContent === 'You joined Secret Club.', 'not said joined');
    expect(client.$roles.get()['s_club']?.role).to.equal('member');
  });

  it('says plainly that a revoked or unknown code is not valid', async () => {
    const hearth = privateServer();
    const el = await fixture<ChatInvite>(html`<chat-invite .client=${hearth.client()} code="gone"></chat-invite>`);
    await eventually(() => $(el, '[role="alert"]'), 'no message');
    expect($(el, '[role="alert"]')!.textContent).to.equal('This invite is not valid: it was revoked or never existed.');
    expect($(el, '[part="accept"]')).to.equal(null);
  });

  it('says that an expired or used-up invite has expired', async () => {
    const expired = privateServer({ expiresAt: new Date(Date.now() - 1000).toISOString() });
    const el = await fixture<ChatInvite>(html`<chat-invite .client=${expired.client()} code="club"></chat-invite>`);
    await eventually(() => $(el, '[role="alert"]'), 'no message');
    expect($(el, '[role="alert"]')!.textContent).to.equal('This invite has expired or was used up.');

    const usedUp = privateServer({ maxUses: 1 });
    usedUp.community.invites[0]!.uses = 1;
    const other = await fixture<ChatInvite>(html`<chat-invite .client=${usedUp.client()} code="club"></chat-invite>`);
    await eventually(() => $(other, '[role="alert"]'), 'no message');
    expect($(other, '[role="alert"]')!.textContent).to.equal('This invite has expired or was used up.');
  });

  it('tells a banned user they are banned when they accept', async () => {
    const hearth = privateServer();
    hearth.community.bans.push({
      serverId: 's_club',
      user: hearth.user,
      by: { id: 'u_owner', name: 'Owner', avatarUrl: null },
      reason: null,
      createdAt: new Date().toISOString(),
    });
    const el = await fixture<ChatInvite>(html`<chat-invite .client=${hearth.client()} code="club"></chat-invite>`);
    await eventually(() => $(el, '[part="accept"]'), 'no preview');
    $(el, '[part="accept"]')!.click();
    await eventually(() => $(el, '[role="alert"]'), 'no message');
    expect($(el, '[role="alert"]')!.textContent).to.equal('You are banned from this server.');
    expect(hearth.members.has('s_club:u_me')).to.equal(false);
  });
});
