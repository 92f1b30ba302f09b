import type { User } from '@hearth/sdk';
import { html, nothing } from 'lit';
import { hashId } from './avatar-color.js';

/**
 * A user's tag, `#` and four digits from their id, like Discord's old `Alice#1234`: the same for
 * the same person everywhere, and shown beside the name where two people in view share it.
 */
export function userTag(userId: string): string {
  // The bits above the three that pick the colour, so that two namesakes of one colour still differ.
  return `#${String((hashId(userId) >>> 3) % 10000).padStart(4, '0')}`;
}

/** The names that more than one of `users` go by (pending messages have no author: skipped). */
export function sharedNames(users: Iterable<User | null | undefined>): Set<string> {
  const ids = new Map<string, string>();
  const shared = new Set<string>();
  for (const user of users) {
    if (!user) continue;
    if ((ids.get(user.name) ?? user.id) !== user.id) shared.add(user.name);
    ids.set(user.name, user.id);
  }
  return shared;
}

/**
 * A user's name, with their tag after it when `shared` holds the name (someone else in view goes
 * by it too); the tag is the name's tooltip always.
 */
export function renderName(user: User, shared: ReadonlySet<string> | undefined, part: string) {
  const tag = userTag(user.id);
  return html`<span part=${part} class=${part} title=${`${user.name} ${tag}`}>${user.name}</span>${
      shared?.has(user.name) ? html` <span part="user-tag" class="user-tag">${tag}</span>` : nothing
    }`;
}
