import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../../packages/reference-server/test/support/tokens.js';
import { replyTo } from '../node-bot/src/reply-to.js';
import { ARTIFACTS, launchChromium, shownMessages, signIn } from './support/browser.js';
import { type DropInServer, startDropIn } from './support/drop-in-server.js';

const BOT_DIR = fileURLToPath(new URL('../node-bot/', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');

const SECRET = 'the-node-bot-e2e-secret-of-at-least-32-characters';
const BOT = { id: 'bot_e2e', name: 'Hearth Bot' };
const CHANNEL = 'c_hearth_general';
const GENERAL = `#/s_hearth/${CHANNEL}`;
const GREETING = "Hi Ada! I'm Hearth Bot, a demo bot. Say !help to see what I can do.";
/**
 * Longer than the 5 s a connection must stay open to reset the socket's backoff, so each expiry is a plain reconnect rather than a
 * growing backoff; short enough that the test sees the bot's first token expire.
 */
const TOKEN_TTL_SECONDS = 6;

/** The bot as a child process, with what it printed so far. */
interface BotProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let server: DropInServer;
let browser: Browser;
let bot: BotProcess | undefined;

/**
 * Runs `bot.ts` as `npm start --workspace @hearth/example-node-bot` does (tsx, `source`
 * condition, in its folder), but in one Node process: the tsx CLI would put a second process in
 * between that a SIGKILL would leave behind.
 */
function startBot(url: string): BotProcess {
  const child = spawn(process.execPath, ['--import', TSX, '--conditions=source', 'bot.ts'], {
    cwd: BOT_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      HEARTH_URL: url,
      HEARTH_JWT_SECRET: SECRET,
      BOT_USER_ID: BOT.id,
      BOT_NAME: BOT.name,
      BOT_SERVER_ID: 's_hearth',
      BOT_CHANNEL_ID: CHANNEL,
      BOT_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Stops the bot: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
async function stopBot(running: BotProcess, graceMs = 5000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGTERM');
    const timer = setTimeout(() => running.child.kill('SIGKILL'), graceMs);
    await running.exited;
    clearTimeout(timer);
  }
  return running.exited;
}

/** Resolves once the bot has printed something matching `pattern`; fails if it exits first. */
function waitForOutput(running: BotProcess, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (pattern.test(running.output())) done(resolve);
      else if (running.child.exitCode !== null || running.child.signalCode !== null)
        done(() => reject(new Error(`the bot exited:\n${running.output()}`)));
      else if (Date.now() > deadline) done(() => reject(new Error(`the bot never printed ${pattern}:\n${running.output()}`)));
    }, 50);
    const deadline = Date.now() + timeoutMs;
    const done = (settle: () => void) => {
      clearInterval(timer);
      settle();
    };
  });
}

/** How many times the bot has said it is connected (once per socket that said hello). */
const connections = () => (bot?.output().match(/^hearth-bot: connected$/gm) ?? []).length;

async function api<T>(path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Joins the demo server as the holder of `token` and posts `content` in #general over REST. */
async function postAs(token: string, content: string): Promise<void> {
  await api('/api/servers/s_hearth/members', token, {});
  await api(`/api/channels/${CHANNEL}/messages`, token, { content });
}

async function guestToken(name: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/guest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  return ((await res.json()) as { token: string }).token;
}

async function send(page: Page, text: string): Promise<void> {
  await page.locator('chat-messages textarea').fill(text);
  await page.locator('chat-messages textarea').press('Enter');
}

// A worker that ends without running afterAll (a crash, a timeout) must not leave the bot behind.
process.once('exit', () => bot?.child.kill('SIGKILL'));

describe('the node bot against the reference server and the drop-in page', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startDropIn({ HEARTH_JWT_SECRET: SECRET }), launchChromium()]);
    // History from before the bot started: it must not answer it.
    await postAs(await guestToken('Early Bird'), '!ping before the bot');
    bot = startBot(server.url);
    await waitForOutput(bot, /watching #general/);
  }, 60_000);

  afterAll(async () => {
    if (bot) await stopBot(bot);
    await browser?.close();
    await server?.stop();
  });

  it('answers a message sent from the browser once, across token renewals, and never itself, other bots or old history', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    try {
      const page = await context.newPage();
      await signIn(page, server.url, 'Ada', GENERAL);
      await page.locator('chat-messages [part="join"]').click();
      await page.locator('chat-messages textarea').waitFor();

      await send(page, '!ping first');
      await expect.poll(() => shownMessages(page), { timeout: 20_000 }).toContain('pong: first');
      // The greeting names the bot: a bot that answered itself would greet itself, and again.
      await send(page, 'Hello Hearth Bot!');
      await expect.poll(() => shownMessages(page), { timeout: 20_000 }).toContain(GREETING);
      await postAs(await tokenFor({ id: 'bot_other', name: 'Other Bot' }, { secret: SECRET }), '!ping from another bot');

      // The bot's token expires: the server closes its socket (4401), the SDK gets a fresh token
      // from the bot and resubscribes after the last message it holds.
      const before = connections();
      await expect.poll(connections, { timeout: 20_000 }).toBeGreaterThan(before);
      await send(page, '!ping second');
      await expect.poll(() => shownMessages(page), { timeout: 20_000 }).toContain('pong: second');
      await page.screenshot({ path: `${ARTIFACTS}/node-bot.png` });

      // The bot answers one message after another, in order, and the page shows messages in seq
      // order without gaps: once the last answer shows, any extra answer to an earlier message
      // (a second one, one to itself, to the other bot or to the history) would show above it.
      const shown = await shownMessages(page);
      expect(shown.slice(shown.indexOf('!ping first'))).toEqual([
        '!ping first',
        'pong: first',
        'Hello Hearth Bot!',
        GREETING,
        '!ping from another bot',
        '!ping second',
        'pong: second',
      ]);
      expect(shown).not.toContain('pong: before the bot');

      // The same from the server's side, with who wrote what.
      const { messages } = await api<{ messages: Array<{ content: string; author: { id: string; name: string } }> }>(
        `/api/channels/${CHANNEL}/messages?limit=100`,
        await guestToken('Auditor'),
      );
      const lines = messages.map((message) => `${message.author.id === BOT.id ? 'the bot' : message.author.name}: ${message.content}`);
      expect(lines.slice(lines.indexOf('Early Bird: !ping before the bot'))).toEqual([
        'Early Bird: !ping before the bot',
        'Ada: !ping first',
        'the bot: pong: first',
        'Ada: Hello Hearth Bot!',
        `the bot: ${GREETING}`,
        'Other Bot: !ping from another bot',
        'Ada: !ping second',
        'the bot: pong: second',
      ]);
    } finally {
      await context.close();
    }
  });

  it('stops on SIGTERM: closes its client and exits with code 0', async () => {
    const running = bot as BotProcess;
    expect(running.child.exitCode).toBeNull();
    // A grace period past which stopBot kills: a bot that hangs on SIGTERM ends by SIGKILL and fails here.
    expect(await stopBot(running, 10_000)).toEqual({ code: 0, signal: null });
    expect(running.output()).toMatch(/^hearth-bot: stopped$/m);
  });
});

describe("the bot's answers", () => {
  const answer = (content: string, random?: () => number) => replyTo({ content, authorName: 'Ada' }, 'Hearth Bot', random);

  it('rolls the dice asked for, within their faces, and explains a roll it cannot make', () => {
    expect(answer('!roll', () => 0)).toBe('🎲 Ada rolled 1d6: 1');
    expect(answer('!roll 3d20', () => 0.9999)).toBe('🎲 Ada rolled 3d20: 20 + 20 + 20 = 60');
    expect(answer('!roll d4', () => 0.5)).toBe('🎲 Ada rolled 1d4: 3');
    for (const bad of ['!roll 0d6', '!roll 21d6', '!roll 2d1', '!roll two']) expect(answer(bad)).toMatch(/^Try !roll 2d6/);
  });

  it('greets a mention of its whole name only, and keeps quiet about commands it does not know', () => {
    expect(answer('hey hearth bot, you there?')).toBe(GREETING);
    expect(answer('Hearth Botany is a real field')).toBeUndefined();
    expect(answer('!unknown')).toBeUndefined();
    expect(answer('just chatting')).toBeUndefined();
    expect(answer('!help')).toMatch(/!ping[\s\S]*!roll[\s\S]*!help/);
  });
});
