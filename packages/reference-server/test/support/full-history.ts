import type { Message } from '@hearth/sdk/protocol';
import { api } from './api.js';

/** Every stored message of a channel, oldest first, paged over REST. */
export async function fullHistory(baseUrl: string, channelId: string, token: string): Promise<Message[]> {
  const all: Message[] = [];
  let after = 0;
  for (;;) {
    const res = await api(baseUrl).get<{ messages: Message[]; hasMore: boolean }>(
      `/api/channels/${channelId}/messages?after=${after}&limit=100`,
      { token },
    );
    if (res.status !== 200) throw new Error(`history answered ${res.status}: ${res.text}`);
    all.push(...res.body.messages);
    if (!res.body.hasMore) return all;
    after = res.body.messages.at(-1)?.seq ?? after;
  }
}
