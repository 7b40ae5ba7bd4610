import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepChildLogs, recordConfigSecrets } from '@aurastream/service/testing';
import { findFreePort } from '../../service/src/db/free-port';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** An AuraStream process of its own (`npm start` or `npm run worker`), as on another host. */
export interface ServiceProcess {
  name: string;
  /** Where it answers HTTP; empty for a worker. */
  url: string;
  /** What it has written to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then waits for it to exit (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitUntil(
  child: ChildProcess,
  output: () => string,
  name: string,
  ready: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!(await ready())) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited with ${child.exitCode} before it was ready:\n${output()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`${name} was not ready within 90 s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Starts `service/src/main.ts` (what `npm start` runs) or `service/src/worker.ts` (`npm run worker`)
 * as a separate node process with `env` and a data folder of its own (nothing on disk is shared),
 * and waits until it is ready: `/ready` answers 200, or the worker says it runs.
 */
export async function startServiceProcess(
  name: string,
  kind: 'service' | 'worker',
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `aurastream-${name}-`));
  const port = kind === 'service' ? await findFreePort() : 0;
  const url = kind === 'service' ? `http://127.0.0.1:${port}` : '';
  const script = kind === 'service' ? 'service/src/main.ts' : 'service/src/worker.ts';
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      ...env,
      DATA_DIR: dataDir,
      ...(kind === 'service' ? { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  keepChildLogs(child, name);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const output = () => text;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited(child);
      clearTimeout(killer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntil(child, output, name, async () =>
      kind === 'service'
        ? (await fetch(`${url}/ready`).catch(() => null))?.status === 200
        : output().includes('AuraStream worker is running'),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  // the secrets it was given and those it generated in its data folder, which goes when it stops
  recordConfigSecrets(env, dataDir);
  return { name, url, output, stop };
}
