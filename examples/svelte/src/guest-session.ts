import { ChatApiError, type GuestToken } from '@hearth/sdk';
import { signInAsGuest } from '@hearth/sdk/guest';

const KEY = 'hearth-guest';

/**
 * The guest this tab signed in as, while its token is valid. sessionStorage, not localStorage:
 * each tab keeps its own guest, so two tabs can chat with each other.
 */
export function savedGuest(): GuestToken | undefined {
  const saved = sessionStorage.getItem(KEY);
  const guest = saved ? (JSON.parse(saved) as GuestToken) : undefined;
  return guest && Date.parse(guest.expiresAt) > Date.now() ? guest : undefined;
}

/**
 * Gets a guest token for `name` from the Hearth server this page is served from (guest mode must
 * be on, as with `npm start`). A real site would get a token for its signed-in user from its own
 * backend instead: a JWT signed with HEARTH_JWT_SECRET.
 */
export async function signInAsGuestHere(name: string): Promise<GuestToken> {
  const guest = await signInAsGuest({ url: location.origin, name });
  sessionStorage.setItem(KEY, JSON.stringify(guest));
  return guest;
}

/** Why signing in failed, in a sentence for the form. */
export function signInErrorMessage(error: unknown): string {
  // The server's problem details say what was wrong with the name; anything else is the network.
  return error instanceof ChatApiError ? error.problem.detail : 'The chat server cannot be reached.';
}
