import type { Message } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../support/cluster.js';
import { type Community, createCommunity } from '../support/community.js';
import { fullHistory } from '../support/full-history.js';
import type { ServerProcess } from '../support/server-process.js';
import { TestSocket } from '../support/socket-client.js';

const USER_MESSAGES = 25;

let cluster: Cluster;
let a: ServerProcess;
let b: ServerProcess;
let community: Community;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  cluster = await startCluster(2, { HEARTH_USER_MESSAGES_PER_WINDOW: String(USER_MESSAGES), HEARTH_USER_MESSAGE_WINDOW_MS: '600000' });
  [a, b] = cluster.processes as [ServerProcess, ServerProcess];
  community = await createCommunity(a);
}, 60_000);
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.close()));
});
afterAll(() => cluster?.stop());

async function connect(server: ServerProcess, token: string): Promise<TestSocket> {
  const socket = await TestSocket.connect(server.socketUrl, token);
  sockets.push(socket);
  return socket;
}

describe('message budget across processes', () => {
  it('counts a user’s posts on every process against one budget kept in Redis', async () => {
    const { bob, general } = community;
    const [onA, onB] = await Promise.all([connect(a, bob.token), connect(b, bob.token)]);
    const sends = [onA, onB].flatMap((socket, index) =>
      Array.from({ length: 20 }, (_, turn) => {
        const clientId = `shared-${index}-${turn}`;
        socket.send({ type: 'send', channelId: general, clientId, content: clientId });
        return { socket, clientId };
      }),
    );
    const outcomes = await Promise.all(
      sends.map(({ socket, clientId }) =>
        Promise.race([
          socket.next('ack', (frame) => frame.clientId === clientId).then((frame) => frame.message),
          socket.next('error', (frame) => frame.ref === clientId),
        ]),
      ),
    );
    const acked = outcomes.filter((outcome): outcome is Message => 'seq' in outcome);
    // A budget per process would have let all 40 through.
    expect(acked).toHaveLength(USER_MESSAGES);
    for (const refusal of outcomes.filter((outcome) => !('seq' in outcome))) expect(refusal).toMatchObject({ code: 'rate_limited' });

    const stored = await fullHistory(b.url, general, bob.token);
    expect(stored.map((message) => message.id).sort()).toEqual(acked.map((message) => message.id).sort());
  });
});
