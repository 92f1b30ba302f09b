// The long run of the frame fuzzer: `npm run fuzz` (100,000 frames by default), or
// `npm run fuzz -- --seed 7 --frames 500000 --sockets 12`; FUZZ_SEED and FUZZ_FRAMES work too.
// HEARTH_TEST_STORAGE=postgres runs it on PostgreSQL and Redis. Prints one summary line, and each
// violation after it; exits non-zero when the server broke a promise.
import { parseArgs } from 'node:util';
import { captureLog } from '../packages/reference-server/test/support/captured-log.js';
import { createCommunity } from '../packages/reference-server/test/support/community.js';
import { compareStored, fuzzFrames, summarize } from '../packages/reference-server/test/support/frame-fuzzer.js';
import { fullHistory } from '../packages/reference-server/test/support/full-history.js';
import { makeDataDir, startTestServer } from '../packages/reference-server/test/support/test-server.js';

const MAX_PAYLOAD_BYTES = 16 * 1024;

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: process.env.FUZZ_SEED ?? String(Date.now() % 1_000_000_007) },
    frames: { type: 'string', default: process.env.FUZZ_FRAMES ?? '100000' },
    sockets: { type: 'string', default: '8' },
  },
});
const seed = Number(values.seed);
const frames = Number(values.frames);
const sockets = Number(values.sockets);
for (const [name, value] of Object.entries({ seed, frames, sockets })) {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got ${String(value)}`);
}

const captured = captureLog();
const server = await startTestServer(
  {
    HEARTH_MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD_BYTES),
    HEARTH_FRAMES_PER_SECOND: '100000',
    HEARTH_FRAME_BURST: '100000',
    HEARTH_USER_MESSAGES_PER_WINDOW: '1000000000',
    HEARTH_RECOVERY_MESSAGES_PER_SOCKET: '1000000000',
    HEARTH_RECOVERY_MESSAGES_PER_USER: '1000000000',
  },
  makeDataDir(),
  { log: captured.log },
);
try {
  const community = await createCommunity(server);
  const { alice, bob, carol, general, random, secret } = community;
  const channels = [general, random, secret];
  const started = Date.now();
  const report = await fuzzFrames({
    socketUrl: server.socketUrl,
    users: [alice, bob, carol],
    channelIds: channels,
    frames,
    seed,
    sockets,
    maxPayloadBytes: MAX_PAYLOAD_BYTES,
  });
  const stored = (await Promise.all(channels.map((channelId) => fullHistory(server.url, channelId, alice.token)))).flat();
  const problems = [
    ...captured.errors().map((record) => `logged an error: ${record.msg} ${JSON.stringify(record.err ?? '')}`),
    ...compareStored(report, stored),
    ...report.violations,
  ];
  console.log(`${summarize(report, Date.now() - started)} problems=${problems.length}`);
  for (const problem of problems.slice(0, 50)) console.log(`  ${problem}`);
  process.exitCode = problems.length > 0 ? 1 : 0;
} finally {
  await server.stop();
}
