import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { childProcessesCpu, processCpu } from './process-cpu.js';

/** The PostgreSQL the bench uses unless `--postgres-url` says otherwise: the one the server tests use. */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Every bench database's name starts with this, then the pid of the run that made it. */
const NAME_PREFIX = 'hearth_bench_';

/** Databases made and not dropped yet, so that an interrupted run can still drop them. */
const live = new Set<BenchDatabase>();

/** Drops every database this run made and has not dropped yet (Ctrl-C, an error). */
export async function dropBenchDatabases(): Promise<void> {
  await Promise.all([...live].map((database) => database.drop()));
}

/** CPU seconds of the PostgreSQL server's processes since the first reading, split by whom they serve. */
export interface PostgresCpu {
  /** The backends connected to the bench's database (autovacuum on it included). */
  database: number;
  /**
   * The processes that serve no one database: the postmaster, the WAL writer, checkpointer,
   * background writer and launchers. Backends of other databases count in neither figure.
   */
  background: number;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A PostgreSQL database of the bench's own, `hearth_bench_<pid>_<random>`, made fresh for one run
 * and dropped after it; the server's other databases are never touched. It also reads the CPU of
 * the server's processes from `/proc`, which works when PostgreSQL runs on this machine.
 */
export class BenchDatabase {
  private dropped = false;
  /** Each process's CPU at the last reading, so that each reading adds what was used since. */
  private readonly lastSeen = new Map<number, number>();
  private readonly used: PostgresCpu = { database: 0, background: 0 };
  private firstReading = true;

  private constructor(
    /** A connection to the administrative database the bench's was made from, kept for the CPU readings. */
    private readonly admin: pg.Client,
    /** The database's name. */
    readonly name: string,
    /** Its URL, for `DATABASE_URL`. */
    readonly url: string,
    /** The postmaster's pid, when its processes can be seen from here. */
    private readonly postmasterPid: number | undefined,
  ) {}

  /** Creates a fresh database on the server of `adminUrl` (a database the bench may connect to, such as `postgres`). */
  static async create(adminUrl: string): Promise<BenchDatabase> {
    const admin = new pg.Client({ connectionString: adminUrl, application_name: 'hearth-bench' });
    try {
      await admin.connect();
    } catch (error) {
      throw new Error(`cannot reach PostgreSQL at ${redacted(adminUrl)} (--postgres-url): ${(error as Error).message}`, { cause: error });
    }
    try {
      const name = `${NAME_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const { rows } = await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const ownBackend = rows[0] ? processCpu(rows[0].pid) : undefined;
      const database = new BenchDatabase(admin, name, url.toString(), ownBackend?.ppid);
      live.add(database);
      return database;
    } catch (error) {
      await admin.end();
      throw error;
    }
  }

  /**
   * Names of bench databases whose run is no longer going: left by a run killed outright
   * (`kill -9`). They are reported, not dropped: the bench drops only what it made itself.
   */
  async leftovers(): Promise<string[]> {
    const { rows } = await this.admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
      NAME_PREFIX,
    ]);
    return rows
      .map((row) => row.datname)
      .filter((name) => {
        const pid = Number(name.slice(NAME_PREFIX.length).split('_')[0]);
        return pid !== process.pid && Number.isInteger(pid) && pid > 0 && !isRunning(pid);
      });
  }

  /** Whether {@link cpuSeconds} can read anything: PostgreSQL runs on this machine. */
  get measurable(): boolean {
    return this.postmasterPid !== undefined;
  }

  /**
   * CPU seconds of the PostgreSQL server's processes since the first reading (NaN when they cannot
   * be seen), as sums of what each process used between readings. Each process counts where
   * `pg_stat_activity` places it at the reading: a backend of the bench's database, a process of
   * no database (or the postmaster), or a backend of another database, which is left out, so
   * that another user of a shared server shows as other load, not as the bench's. A process that
   * exits between two readings loses what it used since the first of them; the bench's pool keeps
   * its connections.
   */
  async cpuSeconds(): Promise<PostgresCpu> {
    const postmasterPid = this.postmasterPid;
    const postmaster = postmasterPid === undefined ? undefined : processCpu(postmasterPid);
    if (postmasterPid === undefined || !postmaster) return { database: Number.NaN, background: Number.NaN };
    const { rows } = await this.admin.query<{ pid: number; datname: string | null }>('SELECT pid, datname FROM pg_stat_activity');
    const databaseOf = new Map(rows.map((row) => [row.pid, row.datname]));
    const seen = new Map<number, number>();
    for (const member of [postmaster, ...childProcessesCpu(postmasterPid)]) {
      seen.set(member.pid, member.seconds);
      if (this.firstReading) continue;
      // A process not seen at the last reading started since: all its time is new.
      const since = member.seconds - (this.lastSeen.get(member.pid) ?? 0);
      const datname = databaseOf.get(member.pid) ?? null;
      if (datname === this.name) this.used.database += since;
      else if (datname === null) this.used.background += since;
    }
    this.lastSeen.clear();
    for (const [pid, seconds] of seen) this.lastSeen.set(pid, seconds);
    this.firstReading = false;
    return { ...this.used };
  }

  /** Drops the database, cutting off any connection a killed server left behind, and disconnects. */
  async drop(): Promise<void> {
    if (this.dropped) return;
    this.dropped = true;
    live.delete(this);
    try {
      await this.admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(this.name)} WITH (FORCE)`);
    } finally {
      await this.admin.end();
    }
  }
}

/** A URL without its password, for messages. */
function redacted(value: string): string {
  const url = URL.parse(value);
  if (!url) return value;
  if (url.password) url.password = '***';
  return url.toString();
}
