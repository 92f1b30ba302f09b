import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ParentMessage, isChildMessage } from './child-protocol.js';
import { type ChildName, compiledChild } from './compile-children.js';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Every child still running, so an exit of any kind (error, Ctrl-C) can kill them all.
const live = new Set<ChildProcess>();

/** Kills every server child still running; synchronous, so it is safe in an `exit` handler. */
export function killAllServers(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** Options of {@link ServerProcess.start}. */
export interface ServerProcessOptions {
  /** Child entry point, compiled by {@link compileChildren} beforehand. */
  script: ChildName;
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

/** A server under test in its own process, so its CPU time is its own. */
export class ServerProcess {
  private readonly cpuWaiters: Array<{ resolve: (seconds: number) => void; reject: (error: Error) => void }> = [];
  private readonly gcWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    /** The port it listens on, on 127.0.0.1. */
    readonly port: number,
  ) {
    this.exited = new Promise((resolve) => {
      if (!this.running) return resolve();
      child.once('exit', (code, signal) => {
        // A server that dies mid-step must fail the run, not leave it waiting for an answer.
        const gone = new Error(`the server exited (${signal ?? code})`);
        for (const waiter of [...this.cpuWaiters.splice(0), ...this.gcWaiters.splice(0)]) waiter.reject(gone);
        resolve();
      });
    });
    child.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'cpu') this.cpuWaiters.shift()?.resolve((message.user + message.system) / 1e6);
      if (message.type === 'collected') this.gcWaiters.shift()?.resolve();
    });
  }

  /** Forks the compiled `script` with plain `node` (no loader) and resolves once it listens. */
  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const child = fork(compiledChild(options.script), [], {
      cwd: REPO_ROOT,
      env: options.env,
      // `--expose-gc` changes nothing until the bench asks for a collection (`collectGarbage`).
      execArgv: ['--expose-gc', ...(options.nodeArgs ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${options.script} did not start in time`)), START_TIMEOUT_MS);
        const settle = (outcome: () => void) => {
          clearTimeout(timer);
          outcome();
        };
        child.on('message', (message: unknown) => {
          if (!isChildMessage(message)) return;
          if (message.type === 'listening') settle(() => resolve(message.port));
          if (message.type === 'failed') settle(() => reject(new Error(`${options.script} failed to start:\n${message.error}`)));
        });
        child.once('exit', (code, signal) => settle(() => reject(new Error(`${options.script} exited early (${signal ?? code})`))));
        child.once('error', (error) => settle(() => reject(error)));
      });
      return new ServerProcess(child, port);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  /** The child's CPU time so far (user + system, every thread), in seconds. */
  cpuSeconds(): Promise<number> {
    return new Promise((resolve, reject) => {
      if (!this.running || !this.child.connected) return reject(new Error('the server process is gone'));
      this.cpuWaiters.push({ resolve, reject });
      this.post({ type: 'cpu' });
    });
  }

  /**
   * Has the child collect its garbage fully, so that its resident memory shows what it keeps rather
   * than what it has not collected yet; resolves once it has.
   */
  collectGarbage(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.running || !this.child.connected) return reject(new Error('the server process is gone'));
      this.gcWaiters.push({ resolve, reject });
      this.post({ type: 'gc' });
    });
  }

  /** The child's process id, to read its memory; undefined once it is gone. */
  get pid(): number | undefined {
    return this.running ? this.child.pid : undefined;
  }

  /** Whether the child is still running. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Asks the child to close and exit; kills it if it has not within a few seconds. */
  async stop(): Promise<void> {
    if (this.running && this.child.connected) this.post({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private post(message: ParentMessage): void {
    this.child.send(message);
  }
}
