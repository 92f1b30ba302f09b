import type { GuestToken } from '@hearth/sdk';
import { useState } from 'react';
import { Chat } from './chat.js';
import { savedGuest } from './guest-session.js';
import { SignInForm } from './sign-in-form.js';

/** Asks for a name, then shows the chat as that guest. */
export function App() {
  const [guest, setGuest] = useState<GuestToken | undefined>(savedGuest);
  return guest ? <Chat guest={guest} /> : <SignInForm onSignedIn={setGuest} />;
}
