import type { MemberChange } from '../domain/channel-event.js';
import type { ReadState } from '../domain/types.js';
import type { Fanout, FanoutSubscription } from '../fanout/types.js';
import { encodeFrame } from './encode-frame.js';
import { userTopic } from './topics.js';

/** A connection, as the user hub sees it. */
export interface UserFollower {
  /** The user's read position moved: `frame` is the `read` frame, encoded once for all their sockets. */
  readMoved(frame: string): void;
  /**
   * The user joined or left a server, or their place in it changed: `change` says how, and `frame`
   * is its `member_update` frame (both absent when nothing more is known).
   */
  membership(serverId: string, member: boolean, change?: MemberChange, frame?: string): void;
}

/**
 * Follows the users connected to this process, one fan-out subscription per user however many
 * sockets they have: their read positions and memberships, as any process changes them.
 */
export class UserHub {
  private readonly users = new Map<string, { followers: Set<UserFollower>; subscription: FanoutSubscription }>();

  constructor(
    private readonly fanout: Fanout,
    /** Told of every read position of a followed user that moved, on any process. */
    private readonly onRead: (userId: string, state: ReadState) => void = () => undefined,
  ) {}

  /** Starts handing `follower` the user's events; resolves once they come from every process. */
  follow(userId: string, follower: UserFollower): Promise<void> {
    let entry = this.users.get(userId);
    if (!entry) {
      const followers = new Set<UserFollower>();
      const subscription = this.fanout.subscribe(userTopic(userId), {
        event: (event) => {
          if (event.kind === 'read') {
            this.onRead(userId, event.state);
            const frame = encodeFrame({ type: 'read', state: event.state });
            for (const each of followers) each.readMoved(frame);
          } else if (event.kind === 'membership') {
            const { serverId, member, change } = event;
            const frame = change && encodeFrame({ type: 'member_update', serverId, ...change });
            for (const each of followers) each.membership(serverId, member, change, frame);
          }
        },
        // A read position lost meanwhile is made good by the user's next mark.
        resync: () => undefined,
      });
      entry = { followers, subscription };
      this.users.set(userId, entry);
    }
    entry.followers.add(follower);
    return entry.subscription.active;
  }

  /** Stops handing `follower` the user's events; true when it was the user's last one here. */
  unfollow(userId: string, follower: UserFollower): boolean {
    const entry = this.users.get(userId);
    if (!entry?.followers.delete(follower) || entry.followers.size > 0) return false;
    entry.subscription.unsubscribe();
    this.users.delete(userId);
    return true;
  }

  /** Stops following every user. */
  close(): void {
    for (const entry of this.users.values()) entry.subscription.unsubscribe();
    this.users.clear();
  }
}
