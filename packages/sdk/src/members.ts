/**
 * `@hearth/sdk/members`: a server's members as a live store, for a member list. A separate entry,
 * so that apps which only chat do not ship it. (Looking members up by name, for an `@`
 * autocomplete, is `chat.servers.members` in the core.)
 *
 * @example
 * import { membersOf } from '@hearth/sdk/members';
 * membersOf(chat, 's_1').subscribe((state) => state.state === 'ready' && render(state.value));
 *
 * @module
 */
import type { AsyncStore, SettableAsyncStore } from './async-store.js';
import type { ChatClient, Member } from './client.js';
import { internalsOf } from './internals-of.js';
import type { ServerFrame, User } from './protocol/frames.js';

/** The members stores made for each client, by server id. */
const made = new WeakMap<ChatClient, Map<string, SettableAsyncStore<Member[]>>>();
/** The servers whose members store each client has watched now: its socket asks for their `member_presence`. */
const watchedBy = new WeakMap<ChatClient, Set<string>>();

/**
 * A server's first 100 members, online first then by name, as a store kept live as members come
 * online and go offline, change role or time-out, leave or are removed, and loaded again after a
 * reconnect; the same instance for the same client and server. While watched, the socket asks
 * for every member coming and going (`watch_members`), which a large server tells only the sockets
 * that ask; who comes and goes is heard while the socket is open (a channel watched, or `connect()`).
 *
 * @example
 * const $members = membersOf(chat, 's_1');
 * const stop = $members.subscribe((state) => state.state === 'error' && showRetry(() => $members.refresh()));
 */
export function membersOf(chat: ChatClient, serverId: string): AsyncStore<Member[]> {
  const { shared, frames, send } = internalsOf(chat, 'members');
  let stores = made.get(chat);
  let watched = watchedBy.get(chat);
  if (!stores || !watched) {
    const byServer = new Map<string, SettableAsyncStore<Member[]>>();
    const servers = new Set<string>();
    made.set(chat, (stores = byServer));
    watchedBy.set(chat, (watched = servers));
    frames.add((frame: ServerFrame) => {
      // Each new socket is told again which servers' members are shown.
      if (frame.type === 'ready') for (const id of servers) send({ type: 'watch_members', serverId: id });
      if (frame.type === 'member_presence') changed(byServer.get(frame.serverId), frame.user, { online: frame.online }, frame.online);
      if (frame.type === 'member_update') {
        const { role, mutedUntil } = frame;
        changed(byServer.get(frame.serverId), frame.user, role && { role, mutedUntil }, !!role);
      }
    });
  }
  let store = stores.get(serverId);
  if (!store) {
    const servers = watched;
    store = shared(
      `members ${serverId}`,
      async () => (await chat.servers.members(serverId, { limit: 100 })).members,
      true,
      () => {
        servers.add(serverId);
        send({ type: 'watch_members', serverId });
        return () => {
          servers.delete(serverId);
          send({ type: 'unwatch_members', serverId });
        };
      },
    );
    stores.set(serverId, store);
  }
  return store;
}

/**
 * A member's row in a loaded members store takes `change` (null: they are no member any more);
 * a member the store lacks makes it reload when `reload` says they belong in it.
 */
function changed(store: SettableAsyncStore<Member[]> | undefined, who: User, change: Partial<Member> | null, reload: boolean): void {
  const shown = store?.get();
  if (!store || shown?.state !== 'ready') return;
  if (!shown.value.some((member) => member.user.id === who.id)) return void (reload && store.refresh());
  const members = shown.value.flatMap((member) =>
    member.user.id !== who.id ? [member] : change ? [{ ...member, ...change, user: who }] : [],
  );
  store.set({ state: 'ready', value: members.sort(byPresenceThenName) });
}

/** Online members first, then by name ignoring case, by code point as the server orders them. */
function byPresenceThenName(a: Member, b: Member): number {
  const [x, y] = [a.user.name.toLowerCase(), b.user.name.toLowerCase()];
  return Number(b.online) - Number(a.online) || (x < y ? -1 : x > y ? 1 : 0);
}
