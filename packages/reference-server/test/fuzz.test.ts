import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedLog, captureLog } from './support/captured-log.js';
import { type Community, createCommunity } from './support/community.js';
import { compareStored, fuzzFrames, summarize } from './support/frame-fuzzer.js';
import { fullHistory } from './support/full-history.js';
import { type TestServer, makeDataDir, startTestServer } from './support/test-server.js';

const MAX_PAYLOAD_BYTES = 16 * 1024;

let server: TestServer;
let community: Community;
let captured: CapturedLog;

beforeAll(async () => {
  captured = captureLog();
  server = await startTestServer(
    {
      HEARTH_MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD_BYTES),
      HEARTH_FRAMES_PER_SECOND: '100000',
      HEARTH_FRAME_BURST: '100000',
      HEARTH_USER_MESSAGES_PER_WINDOW: '1000000',
      HEARTH_RECOVERY_MESSAGES_PER_SOCKET: '100000000',
      HEARTH_RECOVERY_MESSAGES_PER_USER: '100000000',
    },
    makeDataDir(),
    { log: captured.log },
  );
  community = await createCommunity(server);
});
afterAll(() => server.stop());

describe('frame fuzzing', () => {
  it('answers thousands of seeded valid, almost valid and garbage frames without a fault, storing exactly what it acked', async () => {
    const { alice, bob, carol, general, random, secret } = community;
    const started = Date.now();
    const report = await fuzzFrames({
      socketUrl: server.socketUrl,
      users: [alice, bob, carol],
      channelIds: [general, random, secret],
      frames: 3000,
      seed: 20_261_201,
      sockets: 6,
      maxPayloadBytes: MAX_PAYLOAD_BYTES,
    });
    console.info(summarize(report, Date.now() - started));

    expect(report.violations).toEqual([]);
    expect(captured.errors()).toEqual([]);
    // The run did reach the server's paths: stored messages and refusals of many kinds.
    expect(report.acked.size).toBeGreaterThan(100);
    expect(Object.keys(report.errors).length).toBeGreaterThanOrEqual(5);

    const stored = (
      await Promise.all([general, random, secret].map((channelId) => fullHistory(server.url, channelId, alice.token)))
    ).flat();
    expect(compareStored(report, stored)).toEqual([]);
  }, 60_000);
});
