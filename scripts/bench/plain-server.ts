import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { StartedServer } from './child-protocol.js';

interface Connection {
  user: { id: string; name: string; avatarUrl: null } | undefined;
  /** The subscriber sets of the channels it subscribed to, to leave them all when it closes. */
  subscribed: Set<Set<WebSocket>>;
}

/**
 * The baseline: a bare `ws` broadcast server speaking just enough of the Hearth protocol for the
 * same load generator to drive it (hello → ready, subscribe → subscribed, send → message to every
 * subscriber plus an ack to the sender). No auth, no validation beyond JSON, no storage: what is
 * left is the cost of parsing a frame and fanning one serialized frame out, which is the floor
 * any chat server pays.
 */
export async function startPlainServer(options: { host: string; port: number }): Promise<StartedServer> {
  // Same socket options as Hearth's gateway, so the comparison is of the work, not the framing.
  const wss = new WebSocketServer({ host: options.host, port: options.port, path: '/ws', perMessageDeflate: false });
  const channels = new Map<string, { seq: number; subscribers: Set<WebSocket> }>();
  let connections = 0;

  const channel = (id: string) => {
    let found = channels.get(id);
    if (!found) channels.set(id, (found = { seq: 0, subscribers: new Set() }));
    return found;
  };

  wss.on('connection', (ws) => {
    const connection: Connection = { user: undefined, subscribed: new Set() };
    const index = ++connections;
    ws.on('close', () => {
      for (const subscribers of connection.subscribed) subscribers.delete(ws);
    });
    ws.on('message', (data) => {
      let frame: Record<string, unknown>;
      try {
        // binaryType stays 'nodebuffer', so each message arrives as one Buffer.
        frame = JSON.parse((data as Buffer).toString('utf8')) as Record<string, unknown>;
      } catch {
        return;
      }
      switch (frame.type) {
        case 'hello':
          connection.user = { id: `u_plain_${index}`, name: `user ${index}`, avatarUrl: null };
          ws.send(JSON.stringify({ type: 'ready', user: connection.user }));
          return;
        case 'subscribe': {
          if (typeof frame.channelId !== 'string') return;
          const subscribed = channel(frame.channelId);
          subscribed.subscribers.add(ws);
          connection.subscribed.add(subscribed.subscribers);
          ws.send(JSON.stringify({ type: 'subscribed', channelId: frame.channelId, missed: [], complete: true, lastSeq: subscribed.seq }));
          return;
        }
        case 'send': {
          if (typeof frame.channelId !== 'string' || !connection.user) return;
          const target = channel(frame.channelId);
          const seq = ++target.seq;
          const message = {
            id: `m_${seq}`,
            channelId: frame.channelId,
            seq,
            author: connection.user,
            content: frame.content,
            createdAt: new Date().toISOString(),
            clientId: frame.clientId,
          };
          // Serialized once for every subscriber, as Hearth's channel hub does.
          const broadcast = JSON.stringify({ type: 'message', message });
          for (const subscriber of target.subscribers) {
            if (subscriber.readyState === WebSocket.OPEN) subscriber.send(broadcast);
          }
          ws.send(JSON.stringify({ type: 'ack', clientId: frame.clientId, message }));
          return;
        }
        default:
          return;
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  return {
    port: (wss.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
