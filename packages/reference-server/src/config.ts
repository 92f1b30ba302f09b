import path from 'node:path';
import { z } from 'zod';
import { frameAncestorsSetting, originsSetting } from './origin-settings.js';
import { redactUrl } from './redact-url.js';

const FLAG_TEXTS = ['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off', ''] as const;
const FLAG_ON = new Set(['1', 'true', 'yes', 'on']);

/** Whether the text of an on/off setting turns it on; text that is no flag word at all is refused by the schema, not here. */
function isOn(text: string | undefined): boolean {
  return FLAG_ON.has(text ?? '');
}

/**
 * Every setting, by the environment variable that sets it. Defaults live here and nowhere else.
 * A CLI flag `--some-name value` sets `HEARTH_SOME_NAME` (`--port`, `--host`, `--database-url` and
 * `--redis-url` set `PORT`, `HOST`, `DATABASE_URL` and `REDIS_URL`).
 *
 * Made when asked for, not kept: the configuration is read once per process, and its schemas (some
 * two hundred zod objects and their compiled parser) would otherwise hold about 0.6 MB for good.
 */
function environmentSchemaOf() {
  const flag = z.enum(FLAG_TEXTS).transform((value) => FLAG_ON.has(value));
  const integer = (min: number, max: number) =>
    z.string().regex(/^\d+$/, 'expected an integer').transform(Number).pipe(z.number().int().min(min).max(max));
  const commaList = z.string().transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );
  return z.strictObject({
    PORT: integer(0, 65_535).default(8000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z.string().min(1).optional(),
    REDIS_URL: z.string().min(1).optional(),
    HEARTH_REDIS_PREFIX: z.string().min(1).max(100).default('hearth:'),
    HEARTH_PG_POOL_SIZE: integer(2, 1000).default(10),
    HEARTH_DATA_DIR: z.string().min(1).default('.data'),
    HEARTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    HEARTH_JWKS_URL: z.url().optional(),
    HEARTH_JWT_ISSUER: z.string().min(1).optional(),
    HEARTH_JWT_AUDIENCE: z.string().min(1).optional(),
    HEARTH_GUEST: flag.default(false),
    HEARTH_DEMO: flag.default(false),
    HEARTH_ORIGINS: commaList.pipe(originsSetting).default([]),
    HEARTH_FRAME_ANCESTORS: frameAncestorsSetting.default(["'self'"]),
    HEARTH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HEARTH_SQLITE_SYNC: z.enum(['full', 'normal']).default('full'),
    HEARTH_SQLITE_WRITER: z.enum(['thread', 'main']).default('main'),
    HEARTH_SQLITE_COMMIT_INTERVAL_MS: integer(0, 1000).default(4),
    HEARTH_MAX_PAYLOAD_BYTES: integer(1024, 16 * 1024 * 1024).default(64 * 1024),
    HEARTH_MAX_UPLOAD_BYTES: integer(1024, 64 * 1024 * 1024).default(2 * 1024 * 1024),
    HEARTH_MAX_IMAGE_SIDE: integer(16, 65_535).default(4096),
    HEARTH_MAX_ATTACHMENT_BYTES: integer(1, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
    HEARTH_MAX_IMAGE_PIXELS: integer(1, 1_000_000_000).default(50_000_000),
    HEARTH_PENDING_UPLOAD_TTL_MS: integer(1, 7 * 24 * 3_600_000).default(3_600_000),
    HEARTH_ATTACHMENT_SWEEP_MS: integer(10, 24 * 3_600_000).default(600_000),
    HEARTH_MISSED_LIMIT: integer(1, 10_000).default(500),
    HEARTH_FRAMES_PER_SECOND: integer(1, 1_000_000).default(20),
    HEARTH_FRAME_BURST: integer(1, 1_000_000).default(60),
    HEARTH_HTTP_WRITES_PER_MINUTE: integer(1, 1_000_000).default(120),
    HEARTH_SEARCHES_PER_MINUTE: integer(1, 1_000_000).default(30),
    HEARTH_SOCKETS_PER_USER: integer(1, 1_000_000).default(20),
    HEARTH_SOCKETS_PER_ADDRESS: integer(1, 1_000_000).default(200),
    HEARTH_USER_MESSAGES_PER_WINDOW: integer(1, 1_000_000_000).default(100),
    HEARTH_USER_MESSAGE_WINDOW_MS: integer(100, 3_600_000).default(10_000),
    HEARTH_RECOVERY_MESSAGES_PER_SOCKET: integer(1, 1_000_000_000).default(2000),
    HEARTH_RECOVERY_MESSAGES_PER_USER: integer(1, 1_000_000_000).default(5000),
    HEARTH_RECOVERY_WINDOW_MS: integer(100, 3_600_000).default(60_000),
    HEARTH_HELLO_TIMEOUT_MS: integer(50, 600_000).default(10_000),
    HEARTH_HEARTBEAT_MS: integer(50, 600_000).default(30_000),
    HEARTH_LARGE_SERVER_ONLINE: integer(0, 1_000_000).default(250),
    HEARTH_MAX_BUFFERED_BYTES: integer(1024, 1024 * 1024 * 1024).default(1024 * 1024),
    HEARTH_STATIC_DIR: z.string().min(1).optional(),
    HEARTH_TRUST_PROXY: z.string().min(1).optional(),
  });
}

/** The settings as {@link environmentSchemaOf} validates them. */
type Environment = z.output<ReturnType<typeof environmentSchemaOf>>;

/**
 * The validated configuration a server starts from, made from the settings above: the one schema
 * of the configuration, from which the {@link Config} type is inferred.
 */
function configSchemaOf(environment: ReturnType<typeof environmentSchemaOf>) {
  return environment.transform((e) => {
    const dataDir = path.resolve(e.HEARTH_DATA_DIR);
    return {
      /** Port to listen on; 0 picks a free one. */
      port: e.PORT,
      /** Interface to listen on. */
      host: e.HOST,
      /** Directory for the SQLite file (unless `DATABASE_URL` says otherwise) and uploaded media. */
      dataDir,
      /** Where Hearth keeps its data: a SQLite file (the default) or a PostgreSQL database. */
      database: databaseOf(e, dataDir),
      /**
       * The Redis that carries channel events between several Hearth processes; in-process fan-out
       * (one process only) when undefined.
       */
      redis: e.REDIS_URL ? redisOf(e.REDIS_URL, e.HEARTH_REDIS_PREFIX) : undefined,
      /** How tokens are verified: a shared HS256 secret and/or a JWKS URL, with optional claims. */
      auth: {
        secret: e.HEARTH_JWT_SECRET,
        jwksUrl: e.HEARTH_JWKS_URL,
        issuer: e.HEARTH_JWT_ISSUER,
        audience: e.HEARTH_JWT_AUDIENCE,
      },
      /** Whether `POST /api/auth/guest` issues tokens for a chosen name. */
      guest: e.HEARTH_GUEST,
      /** Whether an empty database is filled with the demo data set. */
      demo: e.HEARTH_DEMO,
      /** Origins allowed to open the socket and call the API from a browser; `*` allows any. */
      origins: e.HEARTH_ORIGINS,
      /** Who may frame the pages this server serves: the CSP `frame-ancestors` sources, `'self'` by default. */
      frameAncestors: e.HEARTH_FRAME_ANCESTORS,
      /** pino log level. */
      logLevel: e.HEARTH_LOG_LEVEL,
      /** Limits that protect the server from one client. */
      limits: {
        maxPayloadBytes: e.HEARTH_MAX_PAYLOAD_BYTES,
        maxUploadBytes: e.HEARTH_MAX_UPLOAD_BYTES,
        /** Widest and tallest an icon or banner may be, in pixels. */
        maxImageSide: e.HEARTH_MAX_IMAGE_SIDE,
        /** The largest file on a message, in bytes. */
        maxAttachmentBytes: e.HEARTH_MAX_ATTACHMENT_BYTES,
        /** Most pixels (width × height) an image on a message may declare. */
        maxImagePixels: e.HEARTH_MAX_IMAGE_PIXELS,
        missedLimit: e.HEARTH_MISSED_LIMIT,
        framesPerSecond: e.HEARTH_FRAMES_PER_SECOND,
        frameBurst: e.HEARTH_FRAME_BURST,
        httpWritesPerMinute: e.HEARTH_HTTP_WRITES_PER_MINUTE,
        /** Searches one user may make per minute, a third of them at once; more are `rate_limited`. */
        searchesPerMinute: e.HEARTH_SEARCHES_PER_MINUTE,
        /** Most sockets one user may have open on one process; more close with 4409. */
        socketsPerUser: e.HEARTH_SOCKETS_PER_USER,
        /** Most sockets one client address may have open on one process; more close with 4409. */
        socketsPerAddress: e.HEARTH_SOCKETS_PER_ADDRESS,
        /**
         * Most messages and changes (edits, deletes, reactions) one user may make in a window, over
         * every socket and REST together (and every process, with Redis); more are refused with
         * `rate_limited`.
         */
        userMessages: { limit: e.HEARTH_USER_MESSAGES_PER_WINDOW, windowMs: e.HEARTH_USER_MESSAGE_WINDOW_MS },
        /**
         * Most missed messages `subscribe {afterSeq}` may hand one socket, and one user over all
         * their sockets, in a window; a recovery past either is refused with `rate_limited`.
         */
        recovery: {
          perSocket: e.HEARTH_RECOVERY_MESSAGES_PER_SOCKET,
          perUser: e.HEARTH_RECOVERY_MESSAGES_PER_USER,
          windowMs: e.HEARTH_RECOVERY_WINDOW_MS,
        },
        helloTimeoutMs: e.HEARTH_HELLO_TIMEOUT_MS,
        heartbeatMs: e.HEARTH_HEARTBEAT_MS,
        /**
         * Above this many members online in a server, `member_presence` goes only to the sockets that
         * sent `watch_members` for it (those showing its members list), not to every member's.
         */
        largeServerOnline: e.HEARTH_LARGE_SERVER_ONLINE,
        maxBufferedBytes: e.HEARTH_MAX_BUFFERED_BYTES,
      },
      /** How long an upload no message names is kept, and how often such uploads are looked for. */
      attachments: { pendingUploadTtlMs: e.HEARTH_PENDING_UPLOAD_TTL_MS, sweepMs: e.HEARTH_ATTACHMENT_SWEEP_MS },
      /** A directory served at `/` (the drop-in page); none when unset. */
      staticDir: e.HEARTH_STATIC_DIR ? path.resolve(e.HEARTH_STATIC_DIR) : undefined,
      /**
       * Express's `trust proxy` (`loopback`, a hop count, addresses): which proxies' `X-Forwarded-For`
       * to believe, so per-address limits see clients rather than the proxy.
       */
      trustProxy:
        e.HEARTH_TRUST_PROXY === undefined || !/^\d+$/.test(e.HEARTH_TRUST_PROXY) ? e.HEARTH_TRUST_PROXY : Number(e.HEARTH_TRUST_PROXY),
    };
  });
}

/** The validated configuration a server starts from. */
export type Config = z.output<ReturnType<typeof configSchemaOf>>;

/** Which database, and how to reach it. */
export type DatabaseConfig = Config['database'];

/** How to reach Redis for cross-process fan-out. */
export type RedisConfig = NonNullable<Config['redis']>;

function databaseOf(e: Environment, dataDir: string) {
  if (e.DATABASE_URL && POSTGRES_URL.test(e.DATABASE_URL)) {
    return {
      engine: 'postgres' as const,
      /** A libpq-style connection URL, `postgres://user:password@host:5432/database`. */
      url: e.DATABASE_URL,
      /** Most connections this process opens. */
      poolSize: e.HEARTH_PG_POOL_SIZE,
    };
  }
  return {
    engine: 'sqlite' as const,
    /** Path of the database file. */
    path: e.DATABASE_URL ? path.resolve(e.DATABASE_URL.replace(/^(sqlite|file):(\/\/)?/, '')) : path.join(dataDir, 'hearth.db'),
    /** SQLite `synchronous`: `full` survives power loss, `normal` only a process crash. */
    synchronous: e.HEARTH_SQLITE_SYNC,
    /** Where messages are committed: `thread`, a worker thread that keeps the disk off the event loop, or `main`. */
    writer: e.HEARTH_SQLITE_WRITER,
    /**
     * Least time between two commits of the event loop's writer: a busy channel's messages commit,
     * and go out to each socket, a few at a time (0: every turn of the event loop).
     */
    commitIntervalMs: e.HEARTH_SQLITE_COMMIT_INTERVAL_MS,
  };
}

function redisOf(url: string, prefix: string) {
  return {
    /** `redis://[user:password@]host:port[/db]`, or `rediss://…` for TLS. */
    url,
    /** Put before every Redis channel name, so several Hearth installations can share one Redis. */
    prefix,
  };
}

/** Rules that tie settings together; checked even when single settings are wrong, so all show at once. */
function crossCheck(env: Record<string, string>): string[] {
  const problems: string[] = [];
  if (!env.HEARTH_JWT_SECRET && !env.HEARTH_JWKS_URL && !isOn(env.HEARTH_GUEST)) {
    problems.push('HEARTH_JWT_SECRET: required unless HEARTH_JWKS_URL is set or HEARTH_GUEST=1');
  }
  if (env.DATABASE_URL !== undefined) {
    const problem = databaseUrlProblem(env.DATABASE_URL);
    if (problem) problems.push(`DATABASE_URL: ${problem}, got ${JSON.stringify(redactUrl(env.DATABASE_URL))}`);
  }
  if (env.REDIS_URL !== undefined) {
    const problem = redisUrlProblem(env.REDIS_URL);
    if (problem) problems.push(`REDIS_URL: ${problem}, got ${JSON.stringify(redactUrl(env.REDIS_URL))}`);
  }
  return problems;
}

const SQLITE_URL = /^(sqlite|file):/;
const POSTGRES_URL = /^postgres(ql)?:\/\//;

function databaseUrlProblem(value: string): string | undefined {
  const expected = 'expected sqlite:<path> (e.g. sqlite:.data/hearth.db) or postgres://user@host:5432/database';
  if (SQLITE_URL.test(value))
    return value.replace(SQLITE_URL, '').replace(/^\/\//, '') === '' ? `${expected}; the path is empty` : undefined;
  if (!POSTGRES_URL.test(value)) return expected;
  const url = URL.parse(value);
  if (!url || url.hostname === '') return `${expected}; this PostgreSQL URL names no host`;
  if (url.pathname.replace(/^\//, '') === '') return `${expected}; this PostgreSQL URL names no database`;
  return undefined;
}

function redisUrlProblem(value: string): string | undefined {
  const expected = 'expected redis://host:6379 or rediss://host:6380 (TLS)';
  const url = /^rediss?:\/\//.test(value) ? URL.parse(value) : null;
  if (!url) return expected;
  if (url.hostname === '') return `${expected}; this URL names no host`;
  return undefined;
}

/** Thrown by {@link loadConfig}; `problems` lists every bad setting, one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration\n${problems.map((line) => `  ${line}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const FLAG_TO_ENV: Record<string, string> = { port: 'PORT', host: 'HOST', 'database-url': 'DATABASE_URL', 'redis-url': 'REDIS_URL' };
/** The settings read from the environment besides those named `HEARTH_*`. */
const PLAIN_KEYS = new Set(Object.values(FLAG_TO_ENV));
const BOOLEAN_FLAGS = new Set(['demo', 'guest']);

/** The name of a setting: the environment variable that sets it (`PORT`, `HEARTH_JWT_SECRET`). */
export type SettingName = keyof ReturnType<typeof environmentSchemaOf>['shape'];

/** A setting as the CLI shows it: its variable, its flag and its default. */
export interface Setting {
  /** The environment variable, e.g. `HEARTH_JWT_SECRET`. */
  variable: SettingName;
  /** The flag that sets it, e.g. `--jwt-secret`. */
  flag: string;
  /** Whether the flag takes no value (`--demo`). */
  boolean: boolean;
  /** The default as it would be written in the environment; undefined when unset by default. */
  defaultValue: string | undefined;
}

/** `PORT` → `--port`, `HEARTH_JWT_SECRET` → `--jwt-secret`. */
function flagOf(variable: string): string {
  const plain = Object.entries(FLAG_TO_ENV).find(([, key]) => key === variable)?.[0];
  return `--${
    plain ??
    variable
      .replace(/^HEARTH_/, '')
      .toLowerCase()
      .replaceAll('_', '-')
  }`;
}

/** A default value written back as the environment would give it. */
function environmentText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** Every setting, in the order of the schema, with its flag and its default (from the schema). */
export function settings(): Setting[] {
  const { shape } = environmentSchemaOf();
  return (Object.keys(shape) as SettingName[]).map((variable) => {
    const flag = flagOf(variable);
    return {
      variable,
      flag,
      boolean: BOOLEAN_FLAGS.has(flag.slice(2)),
      defaultValue: environmentText(shape[variable].safeParse(undefined).data),
    };
  });
}

/** Each flag's name without its dashes (`jwt-secret`), to the setting it sets. */
function knownFlags(): Map<string, SettingName> {
  const variables = Object.keys(environmentSchemaOf().shape) as SettingName[];
  return new Map(variables.map((variable) => [flagOf(variable).slice(2), variable]));
}

/** The known flag closest to a mistyped one (`--prot` → `--port`), if one is close. */
function closestFlag(name: string, known: ReadonlyMap<string, SettingName>): string | undefined {
  let best: { flag: string; distance: number } | undefined;
  for (const flag of known.keys()) {
    const distance = editDistance(name, flag);
    if (distance <= Math.max(1, Math.floor(flag.length / 4)) && (!best || distance < best.distance)) best = { flag, distance };
  }
  return best && `--${best.flag}`;
}

/** Levenshtein distance, counting a swap of two neighbours as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, at(i - 2, j - 2) + 1);
      (rows[i] ?? [])[j] = distance;
    }
  }
  return at(a.length, b.length);
}

function flagsToEnvironment(argv: readonly string[]): { env: Record<string, string>; problems: string[] } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  const known = knownFlags();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg);
    if (!match) {
      problems.push(`${arg}: unknown argument`);
      continue;
    }
    const name = match[1] ?? '';
    const key = known.get(name);
    if (key === undefined) {
      // Reported as typed, and its value (if any) skipped with it rather than read as an argument.
      const suggestion = closestFlag(name, known);
      problems.push(`--${name}: unknown flag${suggestion ? `; did you mean ${suggestion}?` : ''} (see --help)`);
      if (match[2] === undefined && !BOOLEAN_FLAGS.has(name) && argv[index + 1]?.startsWith('--') === false) index++;
      continue;
    }
    if (match[2] !== undefined) env[key] = match[2];
    else if (BOOLEAN_FLAGS.has(name)) env[key] = '1';
    else if (argv[index + 1] !== undefined) env[key] = argv[++index] ?? '';
    else problems.push(`--${name}: expected a value`);
  }
  return { env, problems };
}

/**
 * Reads the configuration from environment variables and CLI flags (flags win) and validates it.
 * `--demo` also turns guest mode on. Throws {@link ConfigError} naming every bad setting at once.
 *
 * @example
 * const config = loadConfig(process.env, process.argv.slice(2));
 */
export function loadConfig(env: Record<string, string | undefined>, argv: readonly string[] = []): Config {
  const flags = flagsToEnvironment(argv);
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...env, ...flags.env })) {
    if (value !== undefined && (PLAIN_KEYS.has(key) || key.startsWith('HEARTH_'))) {
      merged[key] = value;
    }
  }
  if (isOn(merged.HEARTH_DEMO) && merged.HEARTH_GUEST === undefined) merged.HEARTH_GUEST = '1';
  const parsed = configSchemaOf(environmentSchemaOf()).safeParse(merged);
  const problems = [...flags.problems, ...crossCheck(merged)];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        problems.push(...issue.keys.map((key) => `${key}: unknown setting`));
        continue;
      }
      const key = String(issue.path[0] ?? 'configuration');
      const got = merged[key] === undefined ? '' : `, got ${JSON.stringify(merged[key])}`;
      problems.push(`${key}: ${issue.message}${got}`);
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}
