// The tab's title names the open place, as Discord's does: "#general · Hearth · Hearth" for a
// channel, "Pixel Pals · Hearth" for a server's landing view, "Explore · Hearth" (or "Invite ·
// Hearth" while an invite shows) without one. In front goes what the user has not seen: "(3) "
// for three mentions of them, "• " for unread messages without a mention. The names come from the
// REST API with the user's token: the elements' events carry ids only.

const SITE = 'Hearth';

/** @typedef {{ name: string, channels: Array<{ id: string, name: string }> }} ServerNames */

/** Follows `<chat-app>`'s place and unread counts into `document.title`. */
export class PageTitle {
  /** @type {HTMLElement & { invite?: string | null, updateComplete: Promise<boolean> }} */
  #app;
  /** @type {string | undefined} */
  #token;
  /** Each server's names, fetched once per sign-in (again when a channel is not among them). */
  /** @type {Map<string, Promise<ServerNames | undefined>>} */
  #servers = new Map();
  #place = '';
  /** Whether the place named is an invite. */
  #placeIsInvite = false;
  #unreadPrefix = '';
  /** Counts the places asked for, so that a slow answer for an earlier one is dropped. */
  #asked = 0;

  /** @param {HTMLElement & { invite?: string | null, updateComplete: Promise<boolean> }} app */
  constructor(app) {
    this.#app = app;
    new MutationObserver(() => void this.#follow()).observe(app, { attributes: true, attributeFilter: ['server-id', 'channel-id'] });
    // Leaving an invite for Explore changes no attribute (`invite` is not reflected).
    app.addEventListener('click', () => {
      void app.updateComplete.then(() => {
        if (Boolean(app.invite) !== this.#placeIsInvite) void this.#follow();
      });
    });
    app.addEventListener('chat-unread-change', (event) => {
      const { unread, mentions } = /** @type {CustomEvent<{ unread: number, mentions: number }>} */ (event).detail;
      this.#unreadPrefix = mentions > 0 ? `(${mentions}) ` : unread > 0 ? '• ' : '';
      this.#show();
    });
  }

  /** Names the place for the user of `token`. @param {string} token */
  signIn(token) {
    this.#token = token;
    this.#servers.clear();
    void this.#follow();
  }

  /** Back to the bare site name: nothing of the last user stays in the tab. */
  signOut() {
    this.#token = undefined;
    this.#servers.clear();
    this.#asked++;
    this.#place = '';
    this.#placeIsInvite = false;
    this.#unreadPrefix = '';
    this.#show();
  }

  async #follow() {
    if (!this.#token) return;
    const asked = ++this.#asked;
    const serverId = this.#app.getAttribute('server-id');
    const channelId = this.#app.getAttribute('channel-id');
    // `<chat-app>` shows an invite in place of Explore until it is accepted (which opens the server).
    let place = this.#app.invite ? 'Invite' : 'Explore';
    if (serverId) {
      let server = await this.#server(serverId);
      if (server && channelId && !server.channels.some((channel) => channel.id === channelId)) {
        // A channel made since the server's names were fetched.
        this.#servers.delete(serverId);
        server = await this.#server(serverId);
      }
      const channel = server?.channels.find((candidate) => candidate.id === channelId);
      place = [channel && `#${channel.name}`, server?.name].filter(Boolean).join(' · ');
    }
    if (asked !== this.#asked) return;
    this.#place = place;
    this.#placeIsInvite = place === 'Invite';
    this.#show();
  }

  /** @param {string} serverId @returns {Promise<ServerNames | undefined>} */
  #server(serverId) {
    let names = this.#servers.get(serverId);
    if (!names) {
      names = fetch(`/api/servers/${encodeURIComponent(serverId)}`, { headers: { authorization: `Bearer ${this.#token}` } })
        .then((res) => (res.ok ? res.json() : undefined))
        .catch(() => undefined)
        .then((server) => {
          // Only names are kept: a failure is asked again at the next change of place.
          if (!server) this.#servers.delete(serverId);
          return server;
        });
      this.#servers.set(serverId, names);
    }
    return names;
  }

  #show() {
    document.title = `${this.#unreadPrefix}${this.#place ? `${this.#place} · ` : ''}${SITE}`;
  }
}
