/**
 * The service as `npm start` runs it (node with the same flags, embedded MongoDB and Redis in a fresh
 * data folder), in its own process tree, for benchmarks that must not share an event loop with
 * their load. `processes` is SERVICE_PROCESSES.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childNodeProcesses, childProcessesRunning } from '@aurastream/service/testing';
import { findFreePort } from '../../service/src/db/free-port';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServiceProcess {
  url: string;
  dataDir: string;
  /** The embedded MongoDB's URI, from the runtime file the service writes. */
  mongodbUri(): Promise<string>;
  /** CPU seconds (user + system) the service's node processes have used so far. */
  cpuSeconds(): number;
  /** The ids of the service's node processes (the primary and any it forked). */
  pids(): number[];
  /** CPU seconds of the Redis server the service started (0 with REDIS_URL). */
  redisCpuSeconds(): number;
  stop(): Promise<void>;
}

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** utime + stime of one process, in seconds, from /proc. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name, which is in parentheses and may hold spaces
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return 0;
  }
}

async function waitUntilReady(url: string, dataDir: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the service exited with ${child.exitCode} while starting`);
    }
    try {
      // the runtime file is written once every service process listens
      const response = await fetch(`${url}/api/v1/analytics/health`);
      if (response.ok && existsSync(path.join(dataDir, 'runtime.json'))) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the service did not become healthy within 90 s');
}

export interface ServiceProcessOptions {
  /** More node flags for the service's processes, e.g. `--cpu-prof` or `--import` of a probe. */
  nodeArgs?: string[];
}

export async function startServiceProcess(
  processes: number,
  env: Record<string, string> = {},
  options: ServiceProcessOptions = {},
): Promise<ServiceProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-bench-'));
  const port = await findFreePort();
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=64',
      '--import',
      'tsx',
      ...(options.nodeArgs ?? []),
      path.join(root, 'service/src/main.ts'),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
        SERVICE_PROCESSES: String(processes),
        MONGODB_URI: '',
        REDIS_URL: '',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, dataDir, child);
  } catch (error) {
    child.kill('SIGKILL');
    await stop();
    throw error;
  }
  const pid = child.pid as number;
  return {
    url,
    dataDir,
    async mongodbUri() {
      const runtime = JSON.parse(await readFile(path.join(dataDir, 'runtime.json'), 'utf8')) as { mongodb_uri: string };
      return runtime.mongodb_uri;
    },
    cpuSeconds() {
      return [pid, ...childNodeProcesses(pid)].reduce((sum, each) => sum + processCpuSeconds(each), 0);
    },
    pids: () => [pid, ...childNodeProcesses(pid)],
    redisCpuSeconds: () =>
      childProcessesRunning(pid, 'redis-server').reduce((sum, each) => sum + processCpuSeconds(each), 0),
    stop,
  };
}
