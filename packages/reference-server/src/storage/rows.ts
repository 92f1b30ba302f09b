import type { Category, Channel, Server } from '../domain/types.js';

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
  slow_mode_seconds: number;
}

/** A `categories` row. */
export interface CategoryRow {
  id: string;
  name: string;
  description: string;
  icon_url: string | null;
}

/** A channel row as the domain sees it. */
export const toChannel = (row: ChannelRow): Channel => ({
  id: row.id,
  serverId: row.server_id,
  name: row.name,
  topic: row.topic,
  position: row.position,
  slowModeSeconds: row.slow_mode_seconds,
});

/** A category row as the domain sees it. */
export const toCategory = (row: CategoryRow): Category => ({
  id: row.id,
  name: row.name,
  description: row.description,
  iconUrl: row.icon_url,
});

/** A server row and its channels as the domain sees them. */
export const toServer = (row: ServerRow, channels: Channel[]): Server => ({
  id: row.id,
  name: row.name,
  description: row.description,
  iconUrl: row.icon_url,
  bannerUrl: row.banner_url,
  categoryId: row.category_id,
  ownerId: row.owner_id,
  visibility: row.visibility,
  memberCount: row.member_count,
  channels,
});
