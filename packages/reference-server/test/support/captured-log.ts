import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

/** One line pino wrote, parsed. */
export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** pino's numeric levels, by name. */
export const LOG_LEVEL = { info: 30, warn: 40, error: 50, fatal: 60 } as const;

/** A logger that keeps what it writes, so a test can assert on the server's log. */
export interface CapturedLog {
  log: Logger;
  /** Every record written so far, oldest first. */
  records(): LogRecord[];
  /** The records at error level or above. */
  errors(): LogRecord[];
}

/**
 * A pino logger at `info` writing into memory.
 *
 * @example
 * const captured = captureLog();
 * const server = await startTestServer({}, makeDataDir(), { log: captured.log });
 * expect(captured.errors()).toEqual([]);
 */
export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino({ level: 'info' }, stream);
  const records = () => lines.map((line) => JSON.parse(line) as LogRecord);
  return { log, records, errors: () => records().filter((record) => record.level >= LOG_LEVEL.error) };
}
