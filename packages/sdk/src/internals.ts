import type { components } from './generated/openapi.js';
import type { ClientFrame, ServerFrame } from './protocol/frames.js';
import type { Authorized, Request } from './rest.js';
import type { SettableAsyncStore } from './async-store.js';

/**
 * The key under which a client holds what the SDK's optional entries (`@hearth/sdk/community`,
 * `/attachments`, `/search`, `/read-states`…) need from it, and under which a channel holds what
 * `@hearth/sdk/threads` needs from it. Internal: not part of the public API, and free to change between versions. A symbol of
 * this module, which every entry of the package shares, so no string names it in the core.
 */
export const INTERNALS = Symbol();

/** What a client shares with its optional entries under {@link INTERNALS}. Internal. */
export interface ClientInternals {
  /** The client's REST call: its base URL, its token and its refresh on 401. */
  request: Request;
  /** The client's call with its token and its refresh on 401, for answers that are not JSON (a file's bytes). */
  authorized: Authorized;
  /** The user is now a member of a server: `$roles`, `$memberships` and the stores that show it follow. */
  entered: (membership: components['schemas']['Membership']) => void;
  /** Sends a frame if the socket is ready; false when it is not. */
  send: (frame: ClientFrame) => boolean;
  /**
   * The listeners of every frame the client understood, `ready` included, called after the
   * client's own handling: an optional entry adds one to follow what it keeps.
   */
  frames: Set<(frame: ServerFrame) => void>;
  /** Tells the client's `error` listeners. */
  report: (error: Error) => void;
  /**
   * The store of server data under `key`, made with `load` at the first call: it loads when first
   * watched, and again after a reconnect and after the user joins or leaves a server; `watching`
   * runs while it is watched, and returns what ends it.
   */
  shared: <T>(key: string, load: () => Promise<T>, byMembership?: boolean, watching?: () => () => void) => SettableAsyncStore<T>;
}
