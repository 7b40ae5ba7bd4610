/**
 * The embedded MongoDB and a fake Twitch in a process of their own, as production runs MongoDB
 * apart from the service (and as `SERVICE_PROCESSES` > 1 keeps the embedded one in the primary, not
 * in the service processes), for a benchmark that hosts the service in its own process and must
 * not count the database's CPU as the service's. The MongoDB is the test suite's (journal without
 * fsync, like `sharedInfrastructure`), the fake Twitch the tests' (consent at once). The parent
 * drives the fake's accounts over IPC (`BackingServices`), reads the process's CPU from /proc, and
 * may profile it over a window (`profile`, `stopProfile`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeTwitchUserInput } from '@aurastream/fake-twitch';
import { startCpuProfile, type WindowProfiler } from './cpu-profiler';
import { processCpuSeconds } from './service-process';

const childFlag = '--backing-services';

type Call =
  | { call: 'addUser'; input: FakeTwitchUserInput }
  | { call: 'authorizeAs'; userId: string }
  | { call: 'settle' }
  | { call: 'profile' }
  | { call: 'stopProfile'; file: string };

type Request = Call & { id: number };

type Reply = { id: number; value?: unknown; error?: string };

interface Ready {
  ready: true;
  mongoUri: string;
  twitchEnv: Record<string, string>;
}

/** What a benchmark reaches of the backing services' process. */
export interface BackingServices {
  pid: number;
  mongoUri: string;
  /** Settings pointing a service at the fake Twitch (`FakeTwitch.serviceEnv`). */
  twitchEnv: Record<string, string>;
  /** `FakeTwitch.addUser`, answering the account's id. */
  addUser(input: FakeTwitchUserInput): Promise<{ id: string }>;
  authorizeAs(userId: string): Promise<void>;
  /** `FakeTwitch.eventSub.settle`: every EventSub message the fake sent has been answered. */
  settle(): Promise<void>;
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number;
  /** Starts profiling the process's main thread. */
  profile(): Promise<void>;
  /** Stops profiling and writes the `.cpuprofile`. */
  stopProfile(file: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the process (node with this process's flags, so under tsx too) and waits until both listen. */
export async function startBackingServices(): Promise<BackingServices> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [childFlag], { stdio: 'inherit' });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the backing services exited with ${code} while starting`)));
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on('message', (message) => {
    const reply = message as Reply;
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error !== undefined) {
      pending?.reject(new Error(reply.error));
    } else {
      pending?.resolve(reply.value);
    }
  });
  const call = <T>(request: Call) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve, reject });
      child.send({ ...request, id });
    });
  const pid = child.pid as number;
  return {
    pid,
    mongoUri: ready.mongoUri,
    twitchEnv: ready.twitchEnv,
    addUser: (input) => call({ call: 'addUser', input }),
    authorizeAs: (userId) => call({ call: 'authorizeAs', userId }),
    settle: () => call({ call: 'settle' }),
    cpuSeconds: () => processCpuSeconds(pid),
    profile: () => call({ call: 'profile' }),
    stopProfile: (file) => call({ call: 'stopProfile', file }),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

async function serveBackingServices(): Promise<void> {
  const { startEmbeddedMongo } = await import('../../service/src/db/embedded/index');
  const { startFakeTwitch } = await import('@aurastream/fake-twitch');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-bench-backing-'));
  const mongo = await startEmbeddedMongo({ dbPath: path.join(dataDir, 'mongo'), port: 0, fsync: false });
  const twitch = await startFakeTwitch();
  let profiler: WindowProfiler | undefined;
  const answer = async (request: Request): Promise<unknown> => {
    switch (request.call) {
      case 'addUser':
        return { id: twitch.addUser(request.input).id };
      case 'authorizeAs':
        twitch.authorizeAs(request.userId);
        return null;
      case 'settle':
        await twitch.eventSub.settle();
        return null;
      case 'profile':
        profiler = await startCpuProfile();
        return null;
      case 'stopProfile':
        await profiler?.stop(request.file);
        profiler = undefined;
        return null;
    }
  };
  process.on('message', (message) => {
    const request = message as Request;
    answer(request).then(
      (value) => process.send?.({ id: request.id, value } satisfies Reply),
      (error: unknown) => process.send?.({ id: request.id, error: String(error) } satisfies Reply),
    );
  });
  process.once('SIGTERM', () => {
    void Promise.allSettled([twitch.stop(), mongo.stop()])
      .then(() => rm(dataDir, { recursive: true, force: true }))
      .then(() => process.exit(0));
  });
  process.send?.({ ready: true, mongoUri: mongo.uri, twitchEnv: twitch.serviceEnv } satisfies Ready);
}

if (process.argv.includes(childFlag)) {
  await serveBackingServices();
}
