import { execFileSync } from 'node:child_process';

/** The node processes `pid` started (e.g. the service processes of a cluster primary; not its redis-server). */
export function childNodeProcesses(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)])
      .toString()
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, command]) => command === 'node')
      .map(([child]) => Number(child));
  } catch {
    // ps exits 1 when there are none
    return [];
  }
}
