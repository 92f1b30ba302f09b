// A real site would get the token from its own backend (a JWT signed with HEARTH_JWT_SECRET);
// this page uses the server's guest mode. Each tab keeps its own guest, so two tabs can chat.
const provider = document.getElementById('chat');
const app = provider.querySelector('chat-app');
const form = document.getElementById('sign-in');
const signedIn = document.getElementById('signed-in');
// An invite link is this page with `?invite=CODE` (the server menu's "Invite people" makes them):
// once signed in, the user sees the invite, and accepting it opens the server.
const invite = new URLSearchParams(location.search).get('invite');

function start({ token, user }) {
  provider.url = location.origin;
  provider.token = token;
  form.hidden = true;
  signedIn.hidden = false;
  signedIn.textContent = `Signed in as ${user.name}`;
  if (invite) app.setAttribute('invite', invite);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = new FormData(form).get('name');
  const res = await fetch('/api/auth/guest', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const body = await res.json();
  if (!res.ok) return alert(body.detail);
  sessionStorage.setItem('hearth-guest', JSON.stringify(body));
  start(body);
});

const saved = sessionStorage.getItem('hearth-guest');
if (saved) start(JSON.parse(saved));

// The open server and channel live in the address (#/s_id/c_id), so reload and links keep them.
function fromHash() {
  const [serverId, channelId] = location.hash.replace(/^#\/?/, '').split('/');
  if (serverId) app.setAttribute('server-id', serverId);
  else app.removeAttribute('server-id');
  if (channelId) app.setAttribute('channel-id', channelId);
  else app.removeAttribute('channel-id');
}
function toHash() {
  const serverId = app.getAttribute('server-id');
  const channelId = app.getAttribute('channel-id');
  const hash = serverId ? `#/${serverId}${channelId ? `/${channelId}` : ''}` : '';
  // The invite stays in the address while it shows; once accepted (or left), it goes.
  const address = `${location.pathname}${app.invite ? location.search : ''}${hash}`;
  if (address !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', address);
}
fromHash();
addEventListener('hashchange', fromHash);
new MutationObserver(toHash).observe(app, { attributes: true, attributeFilter: ['server-id', 'channel-id'] });

// The tab's title counts what the user has not seen, as Discord does: "(3) Hearth" for three
// mentions of them, "• Hearth" for unread messages without a mention.
app.addEventListener('chat-unread-change', ({ detail: { unread, mentions } }) => {
  document.title = `${mentions > 0 ? `(${mentions}) ` : unread > 0 ? '• ' : ''}Hearth`;
});
