import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Outbound } from '../src/socket/outbound.js';
import { wireFrame } from '../src/socket/wire-frame.js';

/** A socket that is open and has nothing buffered, and the writes made to its stream. */
function openOutbound() {
  const writes: Buffer[] = [];
  const socket: { readyState: number; bufferedAmount: number; terminate(): void } = {
    readyState: WebSocket.OPEN,
    bufferedAmount: 0,
    terminate() {},
  };
  const outbound = new Outbound(
    socket as unknown as WebSocket,
    {
      write: (chunk) => {
        writes.push(chunk);
        return true;
      },
    },
    1 << 20,
    pino({ level: 'silent' }),
    () => 'u_test',
  );
  return { outbound, writes, socket };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('Outbound', () => {
  it('writes the frames queued for a socket in one turn as one write, whole frames in order', async () => {
    const { outbound, writes } = openOutbound();
    outbound.send('{"type":"a"}');
    outbound.send('{"type":"b"}');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual([Buffer.concat([wireFrame('{"type":"a"}'), wireFrame('{"type":"b"}')])]);
  });

  it('sends each socket its own frames, joined once for the sockets sent the same ones', async () => {
    const subscribers = [openOutbound(), openOutbound(), openOutbound()];
    const sender = openOutbound();
    for (const text of ['{"type":"m1"}', '{"type":"m2"}']) {
      for (const { outbound } of subscribers) outbound.send(text);
      sender.outbound.send(text);
      sender.outbound.send(`{"type":"ack","of":${JSON.stringify(text)}}`);
    }
    await nextTurn();
    const expected = Buffer.concat([wireFrame('{"type":"m1"}'), wireFrame('{"type":"m2"}')]);
    for (const { writes } of subscribers) expect(writes).toEqual([expected]);
    expect(subscribers[1]?.writes[0]).toBe(subscribers[0]?.writes[0]);
    expect(sender.writes).toEqual([
      Buffer.concat([
        wireFrame('{"type":"m1"}'),
        wireFrame('{"type":"ack","of":"{\\"type\\":\\"m1\\"}"}'),
        wireFrame('{"type":"m2"}'),
        wireFrame('{"type":"ack","of":"{\\"type\\":\\"m2\\"}"}'),
      ]),
    ]);
  });

  it('writes nothing to a socket that closed before the end of the turn', async () => {
    const { outbound, writes, socket } = openOutbound();
    outbound.send('{"type":"a"}');
    socket.readyState = WebSocket.CLOSED;
    await nextTurn();
    expect(writes).toEqual([]);
  });
});
