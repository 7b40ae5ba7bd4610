import { execFileSync } from 'node:child_process';

/** The processes running `command` that `pid` started. */
export function childProcessesRunning(pid: number, command: string): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)])
      .toString()
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, name]) => name === command)
      .map(([child]) => Number(child));
  } catch {
    // ps exits 1 when there are none
    return [];
  }
}

/** The node processes `pid` started (e.g. the service processes of a cluster primary; not its redis-server). */
export function childNodeProcesses(pid: number): number[] {
  return childProcessesRunning(pid, 'node');
}
