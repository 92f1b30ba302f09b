/**
 * A Hearth bot in Node: `npm start` in this folder, with the server's HEARTH_JWT_SECRET. It signs
 * its own tokens, joins the demo server and answers in #general (see README.md).
 */
import { ChatApiError } from '@hearth/sdk';
import { type BotConfig, BotConfigError, loadBotConfig } from './src/config.js';
import { createBot } from './src/create-bot.js';

const say = (line: string) => process.stdout.write(`hearth-bot: ${line}\n`);
const complain = (line: string) => process.stderr.write(`hearth-bot: ${line}\n`);

let config: BotConfig;
try {
  config = loadBotConfig(process.env);
} catch (error) {
  if (!(error instanceof BotConfigError)) throw error;
  complain(error.message);
  process.exit(2);
}

const bot = createBot({ config, log: say });
// `once`: a second Ctrl-C while the bot drains its replies stops the process at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void bot.close());

/** One line for a failed start, with the likely cause when it is a common one. */
function explain(error: unknown): string {
  if (error instanceof ChatApiError && error.status === 401) return `${error.message} (is HEARTH_JWT_SECRET the same as the server's?)`;
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND…) is in its cause.
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  if (code) return `cannot reach ${config.url} (${code}); is the server running?`;
  return error instanceof Error ? error.message : String(error);
}

let started = false;
bot.stopped.then(
  () => started && say('stopped'),
  (error: unknown) => {
    // Before the start is through, the start's own failure says it.
    if (started) complain(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);

try {
  await bot.start();
  started = true;
} catch (error) {
  complain(`could not start: ${explain(error)}`);
  process.exitCode = 1;
  await bot.close();
}
