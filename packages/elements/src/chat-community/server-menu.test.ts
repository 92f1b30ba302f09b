import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually } from '../../test/eventually.js';
import {
  allInside,
  channelsAs,
  deepActive,
  inside,
  menu,
  menuButton,
  menuItems,
  openMenu,
  openSettings,
  showTab,
  tabs,
} from '../../test/community-ui.js';

describe('chat-channels server menu', () => {
  it('offers a member only Leave server, and no settings', async () => {
    const { el } = await channelsAs('member');
    expect(await openMenu(el)).to.deep.equal(['leaveServer']);
  });

  it('shows no menu to a user who is not a member', async () => {
    const { el } = await channelsAs(undefined);
    expect(menuButton(el)).to.equal(null);
    expect(el.shadowRoot!.querySelector('h2')!.textContent.trim()).to.equal('Pixel Pals');
  });

  it('offers a moderator the settings, with the Members tab only', async () => {
    const { el } = await channelsAs('moderator');
    expect(await openMenu(el)).to.deep.equal(['serverSettings', 'leaveServer']);
    menuItems(el)[0]!.click();
    await eventually(() => el.shadowRoot!.querySelector('chat-server-settings'), 'no settings');
    const settings = el.shadowRoot!.querySelector('chat-server-settings')!;
    await eventually(() => tabs(settings).length > 0, 'no tabs');
    expect(tabs(settings)).to.deep.equal(['members']);
  });

  it('offers an admin everything, and every tab of the settings', async () => {
    const { el } = await channelsAs('admin');
    expect(await openMenu(el)).to.deep.equal(['invitePeople', 'serverSettings', 'createChannel', 'leaveServer']);
    menu(el)!.dismiss();
    const settings = await openSettings(el);
    expect(tabs(settings)).to.deep.equal(['overview', 'channels', 'members', 'bans', 'invites', 'audit']);
  });

  it('offers the owner no Leave, and lets the owner (not an admin) change an admin', async () => {
    const owner = await channelsAs('owner');
    owner.hearth.community.roles.set('s_one:u_ada', 'admin');
    expect(await openMenu(owner.el)).to.deep.equal(['invitePeople', 'serverSettings', 'createChannel']);
    menu(owner.el)!.dismiss();
    const settings = await openSettings(owner.el);
    await showTab(settings, 'members');
    await eventually(() => inside(settings, '[data-id="u_ada"]'), 'no members');
    const options = (userId: string) =>
      allInside(settings, `[data-id="${userId}"] [part="role-select"] option`).map((option) => option.textContent.trim());
    expect(options('u_ada')).to.deep.equal(['Admin', 'Mod', 'Member']);
    expect(options('u_bob')).to.deep.equal(['Admin', 'Mod', 'Member']);

    const admin = await channelsAs('admin');
    admin.hearth.community.roles.set('s_one:u_ada', 'admin');
    const adminSettings = await openSettings(admin.el);
    await showTab(adminSettings, 'members');
    await eventually(() => inside(adminSettings, '[data-id="u_ada"]'), 'no members');
    // An admin cannot act on another admin, and names moderators at most.
    expect(inside(adminSettings, '[data-id="u_ada"] [part="role-select"]')).to.equal(null);
    expect(inside(adminSettings, '[data-id="u_ada"] [part="kick"]')).to.equal(null);
    expect(
      allInside(adminSettings, '[data-id="u_bob"] [part="role-select"] option').map((option) => option.textContent.trim()),
    ).to.deep.equal(['Mod', 'Member']);
  });

  it('is driven by the keyboard: the settings dialog takes the focus, Escape closes it, the focus returns to the menu button', async () => {
    const { el } = await channelsAs('admin');
    menuButton(el)!.focus();
    await sendKeys({ press: 'Enter' });
    await eventually(() => menuItems(el).length > 0 && deepActive() === menuItems(el)[0], 'the menu did not take the focus');
    expect(menuButton(el)!.getAttribute('aria-expanded')).to.equal('true');
    await sendKeys({ press: 'ArrowDown' });
    expect(deepActive()).to.equal(menuItems(el)[1]);
    await sendKeys({ press: 'Enter' });
    await eventually(() => el.shadowRoot!.querySelector('chat-server-settings'), 'no settings');
    const settings = el.shadowRoot!.querySelector('chat-server-settings')!;
    await eventually(() => tabs(settings).length > 0, 'no tabs');
    const dialog = inside<HTMLDialogElement>(settings, 'dialog')!;
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    expect(dialog.getAttribute('aria-labelledby')).to.equal('title');
    expect(inside(settings, '#title')!.textContent).to.contain('Server settings');
    await eventually(() => settings.shadowRoot!.contains(deepActive()), 'the focus did not go into the dialog');
    await expect(settings).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await eventually(() => !settings.isConnected, 'Escape did not close the dialog');
    expect(deepActive()).to.equal(menuButton(el));
    expect(menuButton(el)!.getAttribute('aria-expanded')).to.equal('false');
  });

  it("passes axe in the dark theme too, every tab of the settings, which take the opener's theme", async () => {
    const { el } = await channelsAs('admin');
    el.theme = 'dark';
    await el.updateComplete;
    const settings = await openSettings(el);
    expect(settings.getAttribute('theme')).to.equal('dark');
    for (const tab of ['overview', 'channels', 'members', 'bans', 'invites', 'audit']) {
      await showTab(settings, tab);
      await eventually(() => !inside(settings, '[part="panel"] [role="status"]')?.textContent?.includes('Loading'), `${tab} never loaded`);
      await expect(settings).to.be.accessible();
    }
  });

  it('closes the menu with Escape and gives the focus back to its button', async () => {
    const { el } = await channelsAs('member');
    await openMenu(el);
    await eventually(() => deepActive() === menuItems(el)[0], 'the menu did not take the focus');
    await sendKeys({ press: 'Escape' });
    await eventually(() => !menu(el), 'Escape did not close the menu');
    expect(deepActive()).to.equal(menuButton(el));
  });

  it('leaves the server after a confirmation', async () => {
    const { el, hearth, client } = await channelsAs('member');
    await openMenu(el);
    menuItems(el)[0]!.click();
    await eventually(() => inside(el.shadowRoot!.querySelector('chat-leave-dialog'), '[part="confirm-leave"]'), 'no confirmation');
    const dialog = el.shadowRoot!.querySelector('chat-leave-dialog')!;
    expect(inside(dialog, 'p')!.textContent).to.contain('Leave Pixel Pals?');
    await expect(dialog).to.be.accessible();
    inside(dialog, '[part="confirm-leave"]')!.click();
    await eventually(() => !dialog.isConnected, 'the dialog stayed');
    expect(hearth.requests).to.include('DELETE /api/servers/s_one/members/me');
    await eventually(() => !('s_one' in client.$roles.get()), 'still a member');
    await eventually(() => !menuButton(el), 'the menu button stayed');
  });

  it('shows an invite link made from the page address (or invite-base), with Copy', async () => {
    const { el, hearth } = await channelsAs('admin');
    el.inviteBase = 'https://example.com/chat?room=1';
    await openMenu(el);
    menuItems(el)[0]!.click();
    await eventually(
      () => inside<HTMLInputElement>(el.shadowRoot!.querySelector('chat-invite-dialog'), '[part="invite-link"]')?.value,
      'no link',
    );
    const dialog = el.shadowRoot!.querySelector('chat-invite-dialog')!;
    const code = hearth.community.invites[0]!.code;
    expect(inside<HTMLInputElement>(dialog, '[part="invite-link"]')!.value).to.equal(`https://example.com/chat?room=1&invite=${code}`);
    expect(hearth.bodies[hearth.requests.indexOf('POST /api/servers/s_one/invites')]).to.deep.equal({ maxAgeSeconds: 604800 });
    await expect(dialog).to.be.accessible();
  });
});
