import { type ChatChannel, isPending } from '@hearth/sdk';
import type { ReactiveElement } from 'lit';
import type { MessageWindow } from './message-window.js';

/**
 * What `<chat-messages>`' `showMessage` does, fetched on its first call (a quote's jump, a search
 * result): the message at `seq` of the channel `channelOf()` gives once `host` has updated, its
 * history loaded when the list does not hold it, and its row revealed in `list`.
 */
export async function showMessage(
  host: ReactiveElement,
  channelOf: () => ChatChannel | undefined,
  list: MessageWindow,
  seq: number,
): Promise<void> {
  await host.updateComplete;
  const channel = channelOf();
  if (!channel) return;
  // A channel just opened loads its newest page first: the jump waits for it, or that page would land over it.
  while (['idle', 'loading'].includes(channel.$status.get().state)) await new Promise(requestAnimationFrame);
  await channel.jumpTo(seq);
  await host.updateComplete;
  const message = channel.$messages.get().find((candidate) => !isPending(candidate) && candidate.seq === seq);
  if (message) await list.reveal(message.id);
}
