import type { ChatClient, User } from '@hearth/sdk';
import { html, nothing } from 'lit';
import { avatarColor } from './avatar-color.js';
import { initials } from './initials.js';
import { mediaUrl } from './media-url.js';

/**
 * A picture that failed to load hides, uncovering the initials under it; one that loads (a new
 * address in the same element) shows again.
 */
const onPicture = (event: Event) => ((event.target as HTMLImageElement).hidden = event.type == 'error');

/**
 * A user's avatar, `size` CSS pixels square (style it with {@link avatarStyles}): their initials
 * on the colour of the palette their id picks, under their picture if they have one. The picture
 * loads lazily into a box of fixed size, so nothing moves when it arrives, and a picture that fails
 * leaves the initials. Hidden from assistive technology: the name beside it says who it is.
 *
 * @param part the avatar's part name, or `''` for none (a second avatar in the same row).
 */
export function renderAvatar(user: User, chat: ChatClient | undefined, size: number, part = 'avatar') {
  const src = mediaUrl(chat, user.avatarUrl);
  return html`<span
    part=${part || nothing}
    class="avatar"
    style="--_size:${size}px;--_avatar-bg:var(--_avatar-${avatarColor(user.id)})"
    aria-hidden="true"
    >${initials(user.name)}${src ? html`<img src=${src} alt="" loading="lazy" @load=${onPicture} @error=${onPicture} />` : nothing}</span
  >`;
}
