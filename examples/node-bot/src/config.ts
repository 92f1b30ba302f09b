/** Where the bot connects, who it is and what it watches; see the README for each variable. */
export interface BotConfig {
  /** The Hearth server's base URL (`HEARTH_URL`). */
  url: string;
  /** The HS256 secret shared with the server (`HEARTH_JWT_SECRET`). */
  secret: string;
  /** `iss` and `aud` to put in the bot's tokens, when the server requires them. */
  issuer: string | undefined;
  audience: string | undefined;
  /** The bot's user: `sub` and `name` of its tokens (`BOT_USER_ID`, `BOT_NAME`). */
  user: { id: string; name: string };
  /** The server to join and the channel to answer in (`BOT_SERVER_ID`, `BOT_CHANNEL_ID`). */
  serverId: string;
  channelId: string;
  /** How long each token the bot signs for itself is valid (`BOT_TOKEN_TTL_SECONDS`). */
  tokenLifetimeSeconds: number;
}

/** Bot user ids start with this, so bots that follow the convention never answer each other. */
export const BOT_ID_PREFIX = 'bot_';

/** Every problem found in the environment, one line each. */
export class BotConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration\n${problems.map((line) => `  ${line}`).join('\n')}`);
    this.name = 'BotConfigError';
  }
}

/**
 * Reads the bot's configuration from environment variables. The defaults fit `npm start` at the
 * repository root: the demo server on port 8000 and its #general channel. Throws
 * {@link BotConfigError} naming every bad variable at once.
 *
 * @example
 * const config = loadBotConfig(process.env);
 */
export function loadBotConfig(env: Record<string, string | undefined>): BotConfig {
  const problems: string[] = [];
  const read = (key: string, fallback: string) => env[key]?.trim() || fallback;

  const url = read('HEARTH_URL', 'http://localhost:8000');
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    problems.push(`HEARTH_URL: expected an http(s) URL, got ${JSON.stringify(url)}`);

  const secret = env.HEARTH_JWT_SECRET ?? '';
  // The server refuses shorter secrets at its start, so a shorter one here cannot be the same.
  if (secret.length < 32) problems.push('HEARTH_JWT_SECRET: required, the same secret as the server (at least 32 characters)');

  const id = read('BOT_USER_ID', `${BOT_ID_PREFIX}hearth`);
  if (!id.startsWith(BOT_ID_PREFIX) || id.length > 64) {
    problems.push(
      `BOT_USER_ID: must start with ${BOT_ID_PREFIX} (so other bots ignore this one) and be at most 64 characters, got ${JSON.stringify(id)}`,
    );
  }
  const name = read('BOT_NAME', 'Hearth Bot');
  if (name.length > 64) problems.push('BOT_NAME: at most 64 characters');

  const ttl = read('BOT_TOKEN_TTL_SECONDS', '600');
  const tokenLifetimeSeconds = Number(ttl);
  if (!Number.isInteger(tokenLifetimeSeconds) || tokenLifetimeSeconds < 2 || tokenLifetimeSeconds > 86_400) {
    problems.push(`BOT_TOKEN_TTL_SECONDS: expected a whole number of seconds from 2 to 86400, got ${JSON.stringify(ttl)}`);
  }

  if (problems.length > 0) throw new BotConfigError(problems);
  return {
    url,
    secret,
    issuer: env.HEARTH_JWT_ISSUER || undefined,
    audience: env.HEARTH_JWT_AUDIENCE || undefined,
    user: { id, name },
    serverId: read('BOT_SERVER_ID', 's_hearth'),
    channelId: read('BOT_CHANNEL_ID', 'c_hearth_general'),
    tokenLifetimeSeconds,
  };
}
