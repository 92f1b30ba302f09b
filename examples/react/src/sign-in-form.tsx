import type { GuestToken } from '@hearth/sdk';
import { useActionState } from 'react';
import { signInAsGuestHere, signInErrorMessage } from './guest-session.js';

/** Asks for a display name and signs in as a guest with it. */
export function SignInForm({ onSignedIn }: { onSignedIn: (guest: GuestToken) => void }) {
  const [error, signIn, pending] = useActionState(async (_previous: string | undefined, form: FormData) => {
    try {
      const name = form.get('name');
      onSignedIn(await signInAsGuestHere(typeof name === 'string' ? name : ''));
      return undefined;
    } catch (error) {
      return signInErrorMessage(error);
    }
  }, undefined);
  return (
    <form className="sign-in" action={signIn}>
      <h1>Hearth with React</h1>
      <label htmlFor="name">Your name</label>
      <input id="name" name="name" required maxLength={32} autoComplete="nickname" />
      <button disabled={pending}>Join the chat</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
