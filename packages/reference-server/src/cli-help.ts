import { type SettingName, settings } from './config.js';

/**
 * What each setting does, in one line for `hearth-server --help`. Keyed by every setting's name,
 * so a setting added to the configuration without a line here is a compile error.
 */
const DESCRIPTIONS: Record<SettingName, string> = {
  PORT: 'Port to listen on; 0 picks a free one.',
  HOST: 'Interface to listen on.',
  DATABASE_URL: 'sqlite:<path> or postgres://user@host:5432/database; a SQLite file in the data directory when unset.',
  REDIS_URL: 'redis://host:6379 (or rediss:// for TLS): carries events between several Hearth processes; one process when unset.',
  HEARTH_REDIS_PREFIX: 'Put before every Redis key and channel, so several installations can share one Redis.',
  HEARTH_PG_POOL_SIZE: 'Most PostgreSQL connections this process opens.',
  HEARTH_DATA_DIR: 'Directory for the SQLite file, uploaded media and attachments.',
  HEARTH_JWT_SECRET: 'Shared HS256 secret (32 characters or more) that verifies the tokens your backend signs.',
  HEARTH_JWKS_URL: 'JWKS URL whose keys verify tokens (instead of, or as well as, the secret).',
  HEARTH_JWT_ISSUER: 'The `iss` a token must carry.',
  HEARTH_JWT_AUDIENCE: 'The `aud` a token must carry.',
  HEARTH_GUEST: 'Lets anyone get a token for a name they choose (POST /api/auth/guest).',
  HEARTH_DEMO: 'Fills an empty database with demo communities; turns guest mode on.',
  HEARTH_ORIGINS:
    'Comma-separated origins of pages on other sites allowed to use this server from a browser (https://app.example.com), or *.',
  HEARTH_FRAME_ANCESTORS: "Who may frame the pages this server serves (CSP frame-ancestors): 'self', 'none' or origins.",
  HEARTH_LOG_LEVEL: 'fatal, error, warn, info, debug, trace or silent.',
  HEARTH_SQLITE_SYNC: 'full survives power loss; normal only a process crash, and writes faster.',
  HEARTH_SQLITE_WRITER: 'main (default) commits messages on the event loop; thread on a worker thread, off it.',
  HEARTH_SQLITE_COMMIT_INTERVAL_MS:
    'Least time between two commits of the main writer: a busy channel commits and delivers a few sends at a time.',
  HEARTH_MAX_PAYLOAD_BYTES: 'Largest socket frame a client may send, in bytes.',
  HEARTH_MAX_UPLOAD_BYTES: 'Largest icon or banner, in bytes.',
  HEARTH_MAX_IMAGE_SIDE: 'Widest and tallest an icon or banner may be, in pixels.',
  HEARTH_MAX_ATTACHMENT_BYTES: 'Largest file on a message, in bytes.',
  HEARTH_MAX_IMAGE_PIXELS: 'Most pixels (width × height) an image on a message may declare; a larger one is refused (413).',
  HEARTH_PENDING_UPLOAD_TTL_MS: 'How long an uploaded file that no message names is kept, in milliseconds.',
  HEARTH_ATTACHMENT_SWEEP_MS: 'How often uploads past that time are removed, in milliseconds.',
  HEARTH_MISSED_LIMIT: 'Most missed messages replayed to a socket that comes back; past it the client reloads history.',
  HEARTH_FRAMES_PER_SECOND: 'Frames per second one socket may send, on average.',
  HEARTH_FRAME_BURST: 'Frames one socket may send at once before the per-second rate applies.',
  HEARTH_HTTP_WRITES_PER_MINUTE: 'Writes (POST, PUT, PATCH, DELETE) one user may make per minute.',
  HEARTH_SEARCHES_PER_MINUTE: 'Searches one user may make per minute (a third of them at once).',
  HEARTH_SOCKETS_PER_USER: 'Most sockets one user may have open on one process.',
  HEARTH_SOCKETS_PER_ADDRESS: 'Most sockets one client address may have open on one process.',
  HEARTH_USER_MESSAGES_PER_WINDOW: 'Most messages and changes one user may make in a window, over every socket and REST.',
  HEARTH_USER_MESSAGE_WINDOW_MS: 'That window, in milliseconds.',
  HEARTH_RECOVERY_MESSAGES_PER_SOCKET: 'Most missed messages one socket may recover in a window.',
  HEARTH_RECOVERY_MESSAGES_PER_USER: 'Most missed messages one user may recover in a window, over all their sockets.',
  HEARTH_RECOVERY_WINDOW_MS: 'That window, in milliseconds.',
  HEARTH_HELLO_TIMEOUT_MS: 'How long a new socket has to say hello, in milliseconds.',
  HEARTH_HEARTBEAT_MS: 'How often the server pings each socket, in milliseconds.',
  HEARTH_LARGE_SERVER_ONLINE: 'Members online above which a server tells only the sockets showing its members list who comes and goes.',
  HEARTH_MAX_BUFFERED_BYTES: 'Bytes waiting for a slow socket before it is closed.',
  HEARTH_STATIC_DIR: 'A directory served at / (your page); a landing page when unset.',
  HEARTH_TRUST_PROXY: "Express's trust proxy (loopback, a hop count, addresses): whose X-Forwarded-For to believe.",
};

/** `hearth-server --help`: usage, then every flag with its variable, its default and what it does. */
export function helpText(): string {
  const lines = settings().map((setting) => {
    const flag = setting.boolean ? setting.flag : `${setting.flag} <value>`;
    const fallback = setting.defaultValue === undefined ? 'unset by default' : `default ${setting.defaultValue || 'none'}`;
    return `  ${flag}\n      ${setting.variable} (${fallback}). ${DESCRIPTIONS[setting.variable]}`;
  });
  return `Usage: hearth-server [flags]

Starts a Hearth chat server: the REST API, the socket (/ws) and the API docs on one port.
Every flag can be given as an environment variable instead; a flag wins over its variable.
A token verifier is required: HEARTH_JWT_SECRET, HEARTH_JWKS_URL or HEARTH_GUEST=1.

Example: hearth-server --demo --port 8000

Flags:
${lines.join('\n')}
  --help
      Prints this help.
  --version
      Prints the version.
`;
}
