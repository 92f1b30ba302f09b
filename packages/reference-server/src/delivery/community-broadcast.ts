import type { MemberChange } from '../domain/channel-event.js';
import type { Server } from '../domain/types.js';
import type { Fanout } from '../fanout/types.js';
import type { CommunityEvents } from '../services/community-events.js';
import { serverTopic, userTopic } from './topics.js';

/**
 * Publishes the changes of servers and their members on the fan-out, so that every process hands
 * them to its sockets: a server's state and its members' changes on the server's topic, which every
 * member's connection follows; the member's own change on their user's topic, which reaches them
 * even once they no longer follow the server; the end of a channel on the channel's topic.
 */
export class CommunityBroadcast implements CommunityEvents {
  constructor(private readonly fanout: Fanout) {}

  serverChanged(server: Server): void {
    this.fanout.publish(serverTopic(server.id), { kind: 'server', server });
  }

  memberChanged(serverId: string, change: MemberChange): void {
    const userId = change.user.id;
    // The member first: a removed one loses the channels before the others hear of it.
    this.fanout.publish(userTopic(userId), { kind: 'membership', userId, serverId, member: change.role !== null, change });
    this.fanout.publish(serverTopic(serverId), { kind: 'member', serverId, change });
  }

  channelDeleted(channelId: string): void {
    this.fanout.publish(channelId, { kind: 'revoked', channelId, userId: null, reason: 'deleted' });
  }

  serverTurnedPrivate(server: Server): void {
    for (const channel of server.channels) {
      this.fanout.publish(channel.id, { kind: 'revoked', channelId: channel.id, userId: null, reason: 'private' });
    }
  }
}
