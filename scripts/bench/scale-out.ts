/**
 * `npm run bench -- --scale-out`: the busy channel of the sweep (10 open-loop senders, 100
 * subscribers, 100-byte messages) against one Hearth process on SQLite and against two Hearth
 * processes sharing one PostgreSQL database and one Redis, in the same run, rate by rate. Prints,
 * per rate and target, deliveries and stores per second, latency, loss, and CPU per 1,000
 * deliveries of each process, of Redis and of PostgreSQL; with a profile directory, where each
 * Hearth process's busy time went.
 */
import { cpus } from 'node:os';
import path from 'node:path';
import { type ClusterServices, hearthClusterTarget } from './cluster-target.js';
import { busyTimeByOwner, dependencyTimeByCaller, mainThreadProfile, monotonicMicros, topSelfTime } from './cpu-profile.js';
import { LoadGenerator, type StepResult } from './load-generator.js';
import { failureOf, integer, millis, percent, rowNotes } from './report.js';
import { BUSY_CHANNEL, HEARTH_BENCH_SETTINGS, type RunningTarget, type Target, hearthOverrides, hearthTarget } from './targets.js';

/** What `--scale-out` runs. */
export interface ScaleOutPlan extends ClusterServices {
  /** Total messages per second over all senders, one step each per target. */
  rates: number[];
  sendMs: number;
  drainMs: number;
  warmUpMs: number;
  /** Where each Hearth process writes its `--cpu-prof` profile; none when undefined. */
  profileDir: string | undefined;
}

// A failed step during which other processes took more than this share of a core says more about
// the machine than about the target: it is run once more.
const DISTURBED_SHARE = 0.2;

interface Contender {
  target: Target;
  running: RunningTarget;
  generator: LoadGenerator;
  runs: Array<{ result: StepResult; retry: boolean }>;
  /** When its measured steps ran, so that a profile leaves out start-up, seeding and warm-up. */
  windows: Array<[number, number]>;
}

/** Runs the busy channel against one SQLite process and two PostgreSQL + Redis processes, and prints the figures. */
export async function benchScaleOut(plan: ScaleOutPlan): Promise<void> {
  header(plan);
  const targets = [hearthTarget, hearthClusterTarget(plan)];
  const contenders: Contender[] = [];
  try {
    for (const target of targets) {
      const running = await target.start(BUSY_CHANNEL, { profileDir: plan.profileDir && path.join(plan.profileDir, target.key) });
      try {
        const generator = await LoadGenerator.connect(running.endpoint, running.readCpu);
        contenders.push({ target, running, generator, runs: [], windows: [] });
      } catch (error) {
        await running.dispose();
        throw error;
      }
    }
    // Unreported: V8 compiles the hot paths, SQLite warms its pages, PostgreSQL's pool fills.
    for (const { generator } of contenders) await generator.runStep({ rate: plan.rates[0] ?? 250, sendMs: plan.warmUpMs, drainMs: 500 });
    // Rate by rate, the targets taking turns, so a disturbance on the machine lands on both alike.
    for (const rate of plan.rates) {
      for (const contender of contenders) {
        for (let run = 0; run < 2; run++) {
          const started = monotonicMicros();
          const result = await contender.generator.runStep({ rate, sendMs: plan.sendMs, drainMs: plan.drainMs });
          contender.windows.push([started, monotonicMicros()]);
          contender.runs.push({ result, retry: run > 0 });
          const failure = failureOf(result);
          const disturbed = result.otherCpuShare > DISTURBED_SHARE;
          const verdict = failure ? `FAIL (${failure})${disturbed ? ', disturbed' : ''}` : 'ok';
          process.stderr.write(`  ${contender.target.label.padEnd(22)} ${String(rate).padStart(5)} msg/s  ${verdict}\n`);
          if (failure === undefined || !disturbed) break;
        }
      }
    }
  } finally {
    for (const contender of contenders) {
      contender.generator.close();
      await contender.running.dispose();
    }
  }
  for (const contender of contenders) printTable(contender);
  compare(contenders, plan.rates);
  if (plan.profileDir) printProfiles(plan.profileDir, contenders);
}

function header(plan: ScaleOutPlan): void {
  const cpu = cpus();
  const { senders, subscribers } = BUSY_CHANNEL;
  console.log(`Hearth scale-out bench: one channel, ${subscribers} subscribers, ${senders} open-loop senders, 100-byte messages`);
  console.log(`  ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`);
  console.log(`  rates: ${plan.rates.join(', ')} msg/s; each step ${plan.sendMs / 1000} s sending + ${plan.drainMs / 1000} s drain`);
  console.log('  targets, taking turns rate by rate:');
  console.log('    Hearth: one process on SQLite (the sweep’s target, with the settings below), in-process fan-out');
  console.log(
    `    Hearth ×2: two processes on one fresh PostgreSQL database (${redactedUrl(plan.postgresUrl)}) and Redis (${plan.redisUrl});`,
  );
  console.log('      senders and subscribers dealt out to the two in turn, so half of each message’s subscribers get it through Redis');
  const settings = { ...HEARTH_BENCH_SETTINGS, ...hearthOverrides() };
  console.log(
    `  Hearth settings: ${Object.entries(settings)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ')}`,
  );
  console.log('  CPU s/1k: CPU seconds per 1,000 deliveries. Hearth N = that process over the deliveries to its own subscribers;');
  console.log('    Hearth = all Hearth processes over all deliveries; Redis (INFO cpu), PG db (the backends of the bench’s database)');
  console.log('    and PG bg (postmaster, WAL writer, checkpointer, background writer: no one database’s) over all deliveries;');
  console.log('    all = the sum. Other databases’ backends count as other load. A failed step while other processes used > 20%');
  console.log('    of a core is run once more.');
}

/** A URL without its password. */
function redactedUrl(value: string): string {
  const url = URL.parse(value);
  if (url?.password) url.password = '***';
  return url?.toString() ?? value;
}

interface Column {
  title: string;
  width: number;
  cell(result: StepResult): string;
}

/** CPU seconds per 1,000 deliveries; NaN when either is missing. */
const perThousandOf = (seconds: number, deliveries: number) => (deliveries > 0 ? (seconds / deliveries) * 1000 : Number.NaN);
const fixed = (value: number) => (Number.isFinite(value) ? value.toFixed(4) : '-');
const perThousand = (seconds: number, deliveries: number) => fixed(perThousandOf(seconds, deliveries));

/** The CPU columns of a target: one per server process (over its own deliveries), their sum, each service, everything. */
function cpuColumns({ running }: Contender): Column[] {
  const servers = running.processes.length;
  const services = running.meters.slice(servers);
  const sum = (values: readonly number[]) => values.reduce((total, value) => (Number.isFinite(value) ? total + value : total), 0);
  const deliveries = (result: StepResult) => sum(result.deliveriesByUrl);
  const columns: Column[] = running.meters.slice(0, servers).map((meter, index) => ({
    title: meter,
    width: 9,
    cell: (result) => perThousand(result.cpuSeconds[index] ?? Number.NaN, result.deliveriesByUrl[index] ?? 0),
  }));
  if (servers > 1) {
    columns.push({
      title: 'Hearth',
      width: 8,
      cell: (result) => perThousand(sum(result.cpuSeconds.slice(0, servers)), deliveries(result)),
    });
  }
  services.forEach((meter, offset) => {
    columns.push({
      title: meter,
      width: 8,
      cell: (result) => perThousand(result.cpuSeconds[servers + offset] ?? Number.NaN, deliveries(result)),
    });
  });
  if (services.length > 0)
    columns.push({ title: 'all', width: 8, cell: (result) => perThousand(result.serverCpuSeconds, deliveries(result)) });
  return columns;
}

function printTable(contender: Contender): void {
  const columns: Column[] = [
    { title: 'rate/s', width: 7, cell: (result) => integer(result.rate) },
    { title: 'sent/s', width: 7, cell: (result) => integer(result.sentPerSecond) },
    { title: 'stored/s', width: 8, cell: (result) => integer(result.storedPerSecond) },
    { title: 'deliveries/s', width: 12, cell: (result) => integer(result.deliveriesPerSecond) },
    { title: 'p50 ms', width: 7, cell: (result) => millis(result.latency.p50) },
    { title: 'p99 ms', width: 7, cell: (result) => millis(result.latency.p99) },
    { title: 'lost', width: 7, cell: (result) => integer(result.lost) },
    ...cpuColumns(contender),
    { title: 'other', width: 5, cell: (result) => percent(result.otherCpuShare) },
  ];
  const line = (cells: string[]) => cells.map((cell, index) => cell.padStart(columns[index]?.width ?? 0)).join('  ');
  console.log(`\n${contender.target.label}   (CPU columns: s per 1,000 deliveries)`);
  const titles = line(columns.map((column) => column.title));
  console.log(`${titles}\n${'-'.repeat(titles.length + 12)}`);
  for (const { result, retry } of contender.runs) {
    const failure = failureOf(result);
    console.log(
      `${line(columns.map((column) => column.cell(result)))}  ${failure === undefined ? 'ok' : `FAIL (${failure})`}${retry ? ' (retry)' : ''}`,
    );
    console.log(`         ↳ ${shares(contender.running, result)}`);
    for (const note of rowNotes(result)) console.log(note);
  }
}

/** Each measured process's CPU as a share of one core, and the deliveries per process. */
function shares(running: RunningTarget, result: StepResult): string {
  const cpu = running.meters
    .map((meter, index) => {
      const value = result.cpuSeconds[index] ?? Number.NaN;
      return `${meter} ${Number.isFinite(value) ? percent(value / result.seconds) : '-'}`;
    })
    .join(', ');
  const split = running.processes.length > 1 ? `; deliveries by process ${result.deliveriesByUrl.map(integer).join(' / ')}` : '';
  return `% of a core: ${cpu}, generator ${percent(result.generatorCpuShare)}${split}`;
}

/**
 * The run of `rate` that stands for it: the one that passed, else the one that delivered the most
 * (a retry is made only after a disturbed failure, and may be disturbed worse), as the sweep counts
 * a rate sustained when any of its runs passed.
 */
function resultAt(contender: Contender, rate: number): StepResult | undefined {
  const runs = contender.runs.filter(({ result }) => result.rate === rate).map(({ result }) => result);
  return (
    runs.find((result) => failureOf(result) === undefined) ??
    runs.reduce<StepResult | undefined>((best, result) => (best && best.deliveries >= result.deliveries ? best : result), undefined)
  );
}

/** Rate by rate, the cluster against the single SQLite process. */
function compare(contenders: Contender[], rates: number[]): void {
  const [single, cluster] = contenders;
  if (!single || !cluster) return;
  const servers = cluster.running.processes.length;
  console.log(`\n${cluster.target.label} against ${single.target.label} (SQLite), rate by rate:`);
  for (const rate of rates) {
    const one = resultAt(single, rate);
    const two = resultAt(cluster, rate);
    if (!one || !two) continue;
    const hearthOne = perThousandOf(one.serverCpuSeconds, one.deliveries);
    const hearthTwo = perThousandOf(
      two.cpuSeconds.slice(0, servers).reduce((sum, value) => sum + value, 0),
      two.deliveries,
    );
    const allTwo = perThousandOf(two.serverCpuSeconds, two.deliveries);
    const cost = (value: number) => `${fixed(value)}${Number.isFinite(value / hearthOne) ? ` (×${(value / hearthOne).toFixed(2)})` : ''}`;
    const verdicts = `${failureOf(one) ?? 'ok'} / ${failureOf(two) ?? 'ok'}`;
    const other = `other ${percent(one.otherCpuShare)} / ${percent(two.otherCpuShare)}`;
    console.log(
      `  ${String(rate).padStart(5)} msg/s: deliveries/s ${integer(one.deliveriesPerSecond)} against ${integer(two.deliveriesPerSecond)}; ` +
        `p99 ${millis(one.latency.p99)} against ${millis(two.latency.p99)} ms; Hearth CPU s/1k ${fixed(hearthOne)} against ` +
        `${cost(hearthTwo)}, with Redis and PostgreSQL ${cost(allTwo)} [${verdicts}; ${other}]`,
    );
  }
}

/**
 * Where each Hearth process's busy time went during the measured steps: by the code it was spent
 * for (a library, a part of the server), and by function.
 */
function printProfiles(profileDir: string, contenders: Contender[]): void {
  for (const { target, running, windows } of contenders) {
    const dirs =
      running.processes.length > 1
        ? running.processes.map((_, index) => path.join(profileDir, target.key, String(index + 1)))
        : [path.join(profileDir, target.key)];
    dirs.forEach((dir, index) => {
      const file = mainThreadProfile(dir);
      if (!file) return;
      const name = running.processes.length > 1 ? `${target.label}, process ${index + 1}` : target.label;
      console.log(`\n${name}: share of busy main-thread time during the measured steps (${file})`);
      console.log('  by the code it was spent for (native and Node code charged to the innermost package or Hearth frame that called it):');
      print(busyTimeByOwner(file, 12, windows));
      console.log('  libraries, by the Hearth function that called them:');
      print(dependencyTimeByCaller(file, 10, windows));
      console.log('  by function (self time):');
      print(topSelfTime(file, 15, windows));
    });
  }
}

function print(entries: ReturnType<typeof topSelfTime>): void {
  for (const { where, share } of entries) console.log(`    ${(share * 100).toFixed(1).padStart(5)}%  ${where}`);
}
