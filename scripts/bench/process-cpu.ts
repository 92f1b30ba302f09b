import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** What `/proc/<pid>/stat` says about a process that the bench needs. */
export interface ProcessCpu {
  pid: number;
  /** Parent process id. */
  ppid: number;
  /** The process's own CPU, user + system, every thread, in seconds. */
  seconds: number;
  /** CPU of its children that have exited and been waited for, in seconds. */
  childrenSeconds: number;
}

/** Clock ticks per second of `/proc`'s CPU times: `getconf CLK_TCK`, which is 100 on nearly every Linux. */
const TICKS_PER_SECOND = (() => {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
})();

/**
 * The CPU of process `pid` from `/proc/<pid>/stat`; undefined when it is gone or cannot be read
 * (another machine, another pid namespace). The fields are counted from the last `)`, since the
 * command name between parentheses may itself hold spaces and parentheses.
 */
export function processCpu(pid: number): ProcessCpu | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // After the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = (index: number) => Number(fields[index] ?? Number.NaN);
  return {
    pid,
    ppid: ticks(1),
    seconds: (ticks(11) + ticks(12)) / TICKS_PER_SECOND,
    childrenSeconds: (ticks(13) + ticks(14)) / TICKS_PER_SECOND,
  };
}

/** Every running process whose parent is `ppid`. */
export function childProcessesCpu(ppid: number): ProcessCpu[] {
  const children: ProcessCpu[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cpu = processCpu(Number(name));
    if (cpu?.ppid === ppid) children.push(cpu);
  }
  return children;
}
