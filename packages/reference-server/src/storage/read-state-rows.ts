import type { ChannelReadState } from './types.js';

/** A read state as both engines' queries return it. */
export interface ReadStateRow {
  channel_id: string;
  server_id: string;
  last_seq: number;
  last_read_seq: number;
  stored_seq: number;
  unread: number;
  mentions: number;
}

/** A {@link ReadStateRow} as storage hands it on. */
export const toReadState = (row: ReadStateRow): ChannelReadState => ({
  channelId: row.channel_id,
  serverId: row.server_id,
  lastReadSeq: Number(row.last_read_seq),
  unread: Number(row.unread),
  mentions: Number(row.mentions),
  lastSeq: Number(row.last_seq),
  storedSeq: Number(row.stored_seq),
});
