// What a host site does around `<chat-provider>` and `<chat-app>`: signing in and out, the theme,
// the address and the tab's title. A real site would get the token from its own backend (a JWT
// signed with HEARTH_JWT_SECRET); this page uses the server's guest mode. Each tab keeps its own
// guest (sessionStorage), so two tabs can chat.
import { keepPlaceInAddress } from './address.js';
import { followThemeToggle } from './theme.js';
import { PageTitle } from './title.js';

const SAVED_GUEST = 'hearth-guest';

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const provider = /** @type {HTMLElement & { url: string, token: string }} */ (byId('chat'));
const app = /** @type {HTMLElement & { updateComplete: Promise<boolean> }} */ (provider.querySelector('chat-app'));
const signInView = byId('sign-in-view');
const form = /** @type {HTMLFormElement} */ (byId('sign-in'));
const nameInput = /** @type {HTMLInputElement} */ (byId('name'));
const nameError = byId('name-error');
const joinButton = /** @type {HTMLButtonElement} */ (byId('join'));
const chatArea = byId('chat-area');
const account = byId('account');
const title = new PageTitle(app);

/** @typedef {{ token: string, user: { id: string, name: string }, expiresAt: string }} Guest */

/** The guest this tab signed in as, unless they signed out or the token has expired. @returns {Guest | undefined} */
function savedGuest() {
  try {
    const guest = JSON.parse(sessionStorage.getItem(SAVED_GUEST) ?? 'null');
    return guest?.token && Date.parse(guest.expiresAt) > Date.now() ? guest : undefined;
  } catch {
    return undefined;
  }
}

/** @param {Guest} guest @param {{ focus: boolean }} options */
function showChat({ token, user }, { focus }) {
  provider.url = location.origin;
  provider.token = token;
  byId('user-name').textContent = user.name;
  // An invite link is this page with `?invite=CODE` (the server menu's "Invite people" makes them):
  // once signed in, the user sees the invite, and accepting it opens the server.
  const invite = new URLSearchParams(location.search).get('invite');
  if (invite) app.setAttribute('invite', invite);
  signInView.hidden = true;
  account.hidden = false;
  chatArea.hidden = false;
  title.signIn(token);
  if (focus) void focusServers();
}

/**
 * After signing in, the keyboard starts at the servers: the rail's first button (Explore), or in
 * the narrow layout, where the rail waits in the closed drawer, the button that opens it.
 */
async function focusServers() {
  // The app shows its signed-out view until the client reaches it, a few frames after the token.
  for (let frame = 0; frame < 120; frame++) {
    await app.updateComplete;
    const candidates = app.shadowRoot?.querySelectorAll('[part="explore-button"], [part="drawer-toggle"]') ?? [];
    const shown = [...candidates].find((candidate) => candidate.checkVisibility());
    if (shown instanceof HTMLElement) return shown.focus();
    await new Promise(requestAnimationFrame);
  }
}

function showSignIn() {
  // No client, no socket: the elements let go of the last user's data with it.
  provider.token = '';
  app.removeAttribute('invite');
  title.signOut();
  chatArea.hidden = true;
  account.hidden = true;
  signInView.hidden = false;
  form.reset();
  showError('');
  nameInput.focus();
}

/** Shows `message` under the name field (or clears it with ''). @param {string} message */
function showError(message) {
  nameError.textContent = message;
  if (message) nameInput.setAttribute('aria-invalid', 'true');
  else nameInput.removeAttribute('aria-invalid');
}

/** What a refusal says, as a sentence. @param {unknown} problem */
function refusalText(problem) {
  const detail = typeof problem === 'object' && problem && 'detail' in problem ? String(problem.detail) : '';
  if (!detail) return undefined;
  const sentence = detail.charAt(0).toUpperCase() + detail.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** @param {boolean} busy */
function setBusy(busy) {
  joinButton.disabled = busy;
  nameInput.readOnly = busy;
  form.setAttribute('aria-busy', String(busy));
  joinButton.textContent = busy ? 'Joining…' : 'Join the chat';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (joinButton.disabled) return;
  const name = nameInput.value;
  if (!name.trim()) {
    showError('Enter a name to join.');
    return nameInput.focus();
  }
  setBusy(true);
  try {
    const res = await fetch('/api/auth/guest', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    const body = await res.json().catch(() => undefined);
    if (!res.ok || !body?.token) {
      showError(refusalText(body) ?? `The server did not sign you in (HTTP ${res.status}). Try again.`);
      return nameInput.focus();
    }
    sessionStorage.setItem(SAVED_GUEST, JSON.stringify(body));
    showChat(body, { focus: true });
  } catch {
    showError('The server could not be reached. Check your connection and try again.');
    nameInput.focus();
  } finally {
    setBusy(false);
  }
});
nameInput.addEventListener('input', () => showError(''));

byId('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(SAVED_GUEST);
  showSignIn();
});

followThemeToggle(/** @type {HTMLButtonElement} */ (byId('theme-toggle')), app);
keepPlaceInAddress(app);
const guest = savedGuest();
if (guest) showChat(guest, { focus: false });
else showSignIn();
