import type { ServerFrame } from '@hearth/sdk/protocol';

/**
 * The text of a server frame: the one place frames are serialized. An event for a channel is
 * encoded once per process and the same text written to every socket subscribed to it.
 *
 * @example
 * socket.send(encodeFrame({ type: 'pong' }));
 */
export function encodeFrame(frame: ServerFrame): string {
  return JSON.stringify(frame);
}
