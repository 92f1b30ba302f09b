import type { StepResult } from './load-generator.js';

/** The bar a step must clear to count as sustained. */
export const P99_LIMIT_MS = 250;

/** Why a step failed, or `undefined` when it was sustained: no loss, no errors, p99 in bounds. */
export function failureOf(result: StepResult): string | undefined {
  const reasons: string[] = [];
  if (result.lost > 0) reasons.push('loss');
  if (result.acked < result.sent) reasons.push('unacked');
  if (result.errors > 0 || result.disconnects > 0) reasons.push('errors');
  if (!(result.latency.p99 <= P99_LIMIT_MS)) reasons.push('p99');
  return reasons.length > 0 ? reasons.join('+') : undefined;
}

const COLUMNS = [
  ['rate/s', 7],
  ['sent/s', 7],
  ['stored/s', 8],
  ['deliveries/s', 12],
  ['p50 ms', 8],
  ['p99 ms', 8],
  ['lost', 8],
  ['CPU s/1k deliv', 14],
  ['server CPU', 10],
  ['gen CPU', 7],
  ['other', 5],
  ['', 0],
] as const;

/** A count or rate as a whole number with thousands separators; `-` when there is none. */
export const integer = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-');
/** Milliseconds to one decimal below 100, whole above; `-` when there are none. */
export const millis = (value: number) => (!Number.isFinite(value) ? '-' : value >= 100 ? value.toFixed(0) : value.toFixed(1));
/** A share of one core as a whole percentage. */
export const percent = (share: number) => `${Math.round(share * 100)}%`;

function line(cells: readonly string[]): string {
  return cells
    .map((cell, index) => {
      const width = COLUMNS[index]?.[1] ?? 0;
      return width === 0 ? cell : cell.padStart(width);
    })
    .join('  ')
    .trimEnd();
}

/** The table's header lines. */
export function tableHeader(): string {
  const header = line(COLUMNS.map(([title]) => title));
  return `${header}\n${'-'.repeat(header.length + 10)}`;
}

/** One table row for a step; `retry` marks the second run of a rate. */
export function tableRow(result: StepResult, retry = false): string {
  const failure = failureOf(result);
  return line([
    integer(result.rate),
    integer(result.sentPerSecond),
    integer(result.storedPerSecond),
    integer(result.deliveriesPerSecond),
    millis(result.latency.p50),
    millis(result.latency.p99),
    integer(result.lost),
    Number.isFinite(result.serverCpuPerThousand) ? result.serverCpuPerThousand.toFixed(4) : '-',
    percent(result.serverCpuShare),
    percent(result.generatorCpuShare),
    percent(result.otherCpuShare),
    `${failure === undefined ? 'ok' : `FAIL (${failure})`}${retry ? ' (retry)' : ''}`,
  ]);
}

/** Details worth a line under a failed row: the first error, and a generator that fell behind. */
export function rowNotes(result: StepResult): string[] {
  const notes: string[] = [];
  if (result.firstProblem) notes.push(`${result.errors + result.disconnects} problem(s), first: ${result.firstProblem}`);
  if (result.acked < result.sent) notes.push(`${integer(result.sent - result.acked)} of ${integer(result.sent)} sends not acked`);
  if (result.maxSendLagMs > 50) notes.push(`generator fell behind its schedule by up to ${millis(result.maxSendLagMs)} ms`);
  return notes.map((note) => `         ↳ ${note}`);
}
