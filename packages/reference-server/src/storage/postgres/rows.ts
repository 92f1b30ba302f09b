import type { Category, Channel, Message } from '../../domain/types.js';
import type { MessageRow } from './message-queries.js';

/** A `servers` row with its member count. */
export interface ServerRow {
  id: string;
  name: string;
  description: string;
  icon_url: string | null;
  banner_url: string | null;
  category_id: string;
  owner_id: string;
  visibility: 'public' | 'private';
  member_count: number;
}

/** A `channels` row. */
export interface ChannelRow {
  id: string;
  server_id: string;
  name: string;
  topic: string;
  position: number;
}

/** A `categories` row. */
export interface CategoryRow {
  id: string;
  name: string;
  description: string;
  icon_url: string | null;
}

/** A message row as the domain sees it; timestamps go back to the ISO strings they were stored from. */
export const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  channelId: row.channel_id,
  seq: row.seq,
  author: { id: row.author_id, name: row.author_name, avatarUrl: row.author_avatar_url },
  content: row.content,
  createdAt: row.created_at.toISOString(),
  clientId: row.client_id,
});

/** A channel row as the domain sees it. */
export const toChannel = (row: ChannelRow): Channel => ({
  id: row.id,
  serverId: row.server_id,
  name: row.name,
  topic: row.topic,
  position: row.position,
});

/** A category row as the domain sees it. */
export const toCategory = (row: CategoryRow): Category => ({
  id: row.id,
  name: row.name,
  description: row.description,
  iconUrl: row.icon_url,
});
