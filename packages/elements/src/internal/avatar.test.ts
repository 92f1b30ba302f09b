import type { User } from '@hearth/sdk';
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { eventually } from '../../test/eventually.js';
import { renderAvatar } from './avatar.js';
import { AVATAR_COLORS, avatarColor } from './avatar-color.js';
import { avatarStyles } from './avatar.styles.js';
import { themeStyles } from './theme.styles.js';

/** Avatars as an element shows them: the theme's tokens and the avatar styles in a shadow root. */
class AvatarHost extends LitElement {
  static override styles = [themeStyles, avatarStyles];
  static override properties = { users: { attribute: false } };
  declare users: User[];

  constructor() {
    super();
    this.users = [];
  }

  protected override render() {
    return this.users.map((user) => html`<div data-id=${user.id}>${renderAvatar(user, undefined, 36)}</div>`);
  }
}
customElements.define('avatar-host', AvatarHost);

/** A picture the test server serves (a demo avatar), and an address beside it that answers 404. */
const PICTURE = new URL('../../../reference-server/src/demo/media/avatar-ada.svg', import.meta.url).href;
const MISSING = new URL('../../../reference-server/src/demo/media/no-such-avatar.svg', import.meta.url).href;

async function show(users: User[], theme: 'light' | 'dark' = 'light'): Promise<AvatarHost> {
  const el = await fixture<AvatarHost>(html`<avatar-host theme=${theme} .users=${users}></avatar-host>`);
  await el.updateComplete;
  return el;
}

const avatarOf = (el: AvatarHost, id: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-id="${id}"] [part="avatar"]`)!;

/** The WCAG 2 relative luminance of a computed `rgb(…)` colour. */
function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((value) => {
    const channel = Number(value) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The WCAG 2 contrast ratio of two computed colours (1 to 21). */
function contrast(first: string, second: string): number {
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light! + 0.05) / (dark! + 0.05);
}

/** One user for each colour of the palette, in slot order. */
function onePerColour(): User[] {
  const users: User[] = [];
  for (let index = 0; users.length < AVATAR_COLORS; index++) {
    const id = `u_${index}`;
    if (avatarColor(id) === users.length + 1) users.push({ id, name: `Person ${index}`, avatarUrl: null });
  }
  return users;
}

describe('renderAvatar', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`puts initials on every palette colour at a contrast of at least 4.5:1, ${theme}`, async () => {
      const users = onePerColour();
      const el = await show(users, theme);
      const backgrounds = new Set<string>();
      for (const user of users) {
        const style = getComputedStyle(avatarOf(el, user.id));
        backgrounds.add(style.backgroundColor);
        const ratio = contrast(style.color, style.backgroundColor);
        expect(ratio, `${theme} colour ${avatarColor(user.id)}: ${style.color} on ${style.backgroundColor}`).to.be.at.least(4.5);
      }
      // Eight colours, not one fallback eight times.
      expect(backgrounds.size).to.equal(AVATAR_COLORS);
    });
  }

  it('shows the initials on the colour of the id when there is no picture, the same colour for the same id', async () => {
    const el = await show([
      { id: 'u_ada', name: 'Ada Lovelace', avatarUrl: null },
      { id: 'u_ada_again', name: 'Ada Lovelace', avatarUrl: null },
    ]);
    const avatar = avatarOf(el, 'u_ada');
    expect(avatar.textContent.trim()).to.equal('AL');
    expect(avatar.querySelector('img')).to.equal(null);
    expect(avatar.getAttribute('aria-hidden')).to.equal('true');
    const again = await show([{ id: 'u_ada', name: 'Someone Else', avatarUrl: null }]);
    expect(getComputedStyle(avatarOf(again, 'u_ada')).backgroundColor).to.equal(getComputedStyle(avatar).backgroundColor);
    // These two ids fall on different colours (4 and 1).
    expect(getComputedStyle(avatarOf(el, 'u_ada_again')).backgroundColor).not.to.equal(getComputedStyle(avatar).backgroundColor);
  });

  it('shows the picture over the whole box once it loads, lazily, without changing the box', async () => {
    const el = await show([{ id: 'u_pic', name: 'Pic Ture', avatarUrl: PICTURE }]);
    const avatar = avatarOf(el, 'u_pic');
    const before = avatar.getBoundingClientRect();
    const img = avatar.querySelector('img')!;
    expect(img.getAttribute('src')).to.equal(PICTURE);
    expect(img.getAttribute('loading')).to.equal('lazy');
    expect(img.alt).to.equal('');
    await eventually(() => img.complete && img.naturalWidth > 0, 'the picture never loaded');
    const after = avatar.getBoundingClientRect();
    expect([after.width, after.height]).to.deep.equal([36, 36]);
    expect([before.width, before.height]).to.deep.equal([36, 36]);
    const picture = img.getBoundingClientRect();
    expect([picture.left, picture.top, picture.width, picture.height]).to.deep.equal([after.left, after.top, 36, 36]);
    expect(img.hidden).to.equal(false);
    expect(getComputedStyle(img).display).not.to.equal('none');
  });

  it('falls back to the coloured initials when the picture fails to load', async () => {
    const el = await show([{ id: 'u_gone', name: 'Gone Picture', avatarUrl: MISSING }]);
    const avatar = avatarOf(el, 'u_gone');
    const img = avatar.querySelector('img')!;
    await eventually(() => img.hidden, 'the broken picture never gave way');
    expect(getComputedStyle(img).display).to.equal('none');
    expect(avatar.textContent.trim()).to.equal('GP');
    expect(getComputedStyle(avatar).backgroundColor).not.to.equal('rgba(0, 0, 0, 0)');
    expect(avatar.getBoundingClientRect().width).to.equal(36);
    // The user sets a new picture: the same element shows it once it loads.
    el.users = [{ id: 'u_gone', name: 'Gone Picture', avatarUrl: PICTURE }];
    await el.updateComplete;
    expect(avatarOf(el, 'u_gone').querySelector('img')).to.equal(img);
    await eventually(() => !img.hidden && img.naturalWidth > 0, 'the new picture never showed');
  });

  it('shows no picture from an address that is not http(s)', async () => {
    const el = await show([
      { id: 'u_script', name: 'Script', avatarUrl: 'javascript:alert(1)' },
      { id: 'u_data', name: 'Data', avatarUrl: 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>' },
    ]);
    expect(avatarOf(el, 'u_script').querySelector('img')).to.equal(null);
    expect(avatarOf(el, 'u_data').querySelector('img')).to.equal(null);
    expect(avatarOf(el, 'u_script').textContent.trim()).to.equal('S');
  });
});
