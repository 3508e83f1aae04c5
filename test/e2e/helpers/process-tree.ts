// A process and everything it started, read from /proc: to check that stopping a parent leaves
// no child behind (a child outlives its parent by being re-parented, so the tree is taken first).
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Clock ticks after boot: with the pid, names this process and not a later one given its pid. */
  startTime: string;
  state: string;
  command: string;
}

/** /proc/<pid>/stat, or undefined when the process is gone. */
export function processInfo(pid: number): ProcessInfo | undefined {
  let stat: string;
  let command: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may hold spaces and parentheses itself.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, ppid: Number(fields[1]), state: fields[0], startTime: fields[19], command };
}

/** `pid` and all its descendants now living. */
export function processTree(pid: number): ProcessInfo[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => processInfo(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
  const tree = all.filter((info) => info.pid === pid);
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((info) => info.ppid === tree[i].pid));
  return tree;
}

/** Those of `processes` still running (zombies, which hold no port or file, do not count). */
export function stillRunning(processes: ProcessInfo[]): ProcessInfo[] {
  return processes.filter((before) => {
    const now = processInfo(before.pid);
    return now !== undefined && now.startTime === before.startTime && now.state !== 'Z';
  });
}
