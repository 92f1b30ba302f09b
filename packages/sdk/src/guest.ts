/**
 * `@hearth/sdk/guest`: a token for a guest, from a server in guest mode (demos, and sites that let
 * visitors chat under a chosen name). A separate entry, so that apps whose backend signs tokens do
 * not ship it.
 *
 * @example
 * import { createChatClient } from '@hearth/sdk';
 * import { signInAsGuest } from '@hearth/sdk/guest';
 * const chat = createChatClient({ url, getToken: async () => (await signInAsGuest({ url, name: 'Ada' })).token });
 *
 * @module
 */
import type { User } from './protocol/frames.js';
import { createRequest } from './rest.js';
import { GUEST_TOKEN } from './rest-shapes.js';

/** A guest token: for demos and sites that let visitors chat under a chosen name. */
export interface GuestToken {
  token: string;
  user: User;
  expiresAt: string;
}

/**
 * Asks a server in guest mode for a token for `name`. Pass the result's `token` (or this call as
 * `getToken`) to `createChatClient`.
 *
 * @example
 * const chat = createChatClient({ url, getToken: async () => (await signInAsGuest({ url, name: 'Ada' })).token });
 */
export async function signInAsGuest(options: { url: string; name: string; fetch?: typeof globalThis.fetch }): Promise<GuestToken> {
  // The one call that goes out with no token.
  const request = createRequest(options.url, (url, init) => (options.fetch ?? globalThis.fetch)(url, init));
  return request('post', '/api/auth/guest', { body: { name: options.name } }, GUEST_TOKEN);
}
