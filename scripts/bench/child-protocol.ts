/** The variable that carries Hearth's settings, as JSON, from the bench to `hearth-child.ts`. */
export const HEARTH_SETTINGS_VARIABLE = 'HEARTH_BENCH_SETTINGS';

/** What the bench sends a server-under-test child over IPC. */
export type ParentMessage =
  | { type: 'cpu' }
  /** Collect garbage fully (the child runs with `--expose-gc`), then answer `collected`. */
  | { type: 'gc' }
  | { type: 'stop' };

/** What a server-under-test child reports back. */
export type ChildMessage =
  | { type: 'listening'; port: number }
  /** `process.cpuUsage()` of the child, in microseconds: every thread, SQLite and GC included. */
  | { type: 'cpu'; user: number; system: number }
  | { type: 'collected' }
  | { type: 'failed'; error: string };

/** A started server as the child entry points see it. */
export interface StartedServer {
  port: number;
  close(): Promise<void>;
}

function isParentMessage(value: unknown): value is ParentMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'cpu' || type === 'gc' || type === 'stop';
}

/** Narrows an IPC message from a child. */
export function isChildMessage(value: unknown): value is ChildMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'listening' || type === 'cpu' || type === 'collected' || type === 'failed';
}

function report(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * Runs a server under test as a forked child: starts it, reports its port, answers CPU requests
 * and stops on request. The child also exits when the bench goes away (IPC disconnect), so a
 * crashed or killed bench never leaves a server behind.
 */
export async function serveAsChild(start: () => Promise<StartedServer>): Promise<void> {
  if (!process.send) throw new Error('run this through the bench (it needs an IPC channel)');
  process.on('disconnect', () => process.exit(0));
  let server: StartedServer;
  try {
    server = await start();
  } catch (error) {
    report({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }
  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      report({ type: 'cpu', user, system });
      return;
    }
    if (message.type === 'gc') {
      // Twice: objects with finalizers or weak references are let go only by a second collection.
      globalThis.gc?.();
      globalThis.gc?.();
      report({ type: 'collected' });
      return;
    }
    // A clean exit (not a kill) lets `--cpu-prof` write its profile.
    void server.close().finally(() => process.exit(0));
  });
  report({ type: 'listening', port: server.port });
}
