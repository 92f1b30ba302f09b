import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ServerProcess, spawnServer } from '../../../packages/reference-server/test/support/server-process.js';
import { makeDataDir, testEnvironment } from '../../../packages/reference-server/test/support/test-server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DROP_IN = fileURLToPath(new URL('../../drop-in/', import.meta.url));

/** The reference server as `npm start` runs it: demo data, guest mode, the drop-in page at `/`. */
export interface DropInServer {
  url: string;
  /** The server's data directory (its database, and uploaded files under `attachments/`). */
  dataDir: string;
  /** Stops the process, as an outage would (SIGKILL), keeping its data. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data. */
  restart(): Promise<void>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

let built = false;

/** Builds hearth-elements.js next to the drop-in page (once per test file). */
function buildStandalone(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build-standalone.mjs', '--copy-to', DROP_IN], { cwd: ROOT, stdio: 'ignore' });
  built = true;
}

/**
 * Starts the drop-in example on a random port with a fresh SQLite database; `env` adds to (or
 * overrides) the server's environment.
 */
export async function startDropIn(env: Record<string, string> = {}): Promise<DropInServer> {
  buildStandalone();
  const dataDir = makeDataDir();
  let serverEnv = testEnvironment(dataDir, {
    HEARTH_DEMO: '1',
    HEARTH_STATIC_DIR: DROP_IN,
    HEARTH_HTTP_WRITES_PER_MINUTE: '6000',
    HEARTH_USER_MESSAGES_PER_WINDOW: '6000',
    ...env,
  });
  let server: ServerProcess = await spawnServer(serverEnv);
  // A restart must come back on the same port, or the page's socket would have nowhere to go.
  serverEnv = { ...serverEnv, PORT: new URL(server.url).port };
  const kill = async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
  };
  return {
    url: server.url,
    dataDir,
    kill,
    async restart() {
      server = await spawnServer(serverEnv);
    },
    async stop() {
      await kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
