import type { MemberChange } from '../domain/channel-event.js';
import type { Server } from '../domain/types.js';

/**
 * What the community services tell the live side after a change is stored, for it to reach every
 * process: the services decide when, the delivery core how (see delivery/community-broadcast.ts).
 */
export interface CommunityEvents {
  /** The server changed (fields, images, channels): every socket of its members hears `server_update`. */
  serverChanged(server: Server): void;
  /**
   * A member's place in the server changed: the server's members and the member's own sockets hear
   * `member_update`; a member removed (`role` null) loses the server's channels with the reason of
   * `change` and stops following its activity; one who joined starts following it.
   */
  memberChanged(serverId: string, change: MemberChange): void;
  /** The channel is gone: every subscription to it ends with `unsubscribed {reason: "deleted"}`. */
  channelDeleted(channelId: string): void;
  /** The server turned private: every subscription of a non-member to its channels ends (`private`). */
  serverTurnedPrivate(server: Server): void;
}

/** Events that go nowhere, for services used without a live side. */
export const SILENT_COMMUNITY_EVENTS: CommunityEvents = {
  serverChanged: () => undefined,
  memberChanged: () => undefined,
  channelDeleted: () => undefined,
  serverTurnedPrivate: () => undefined,
};
