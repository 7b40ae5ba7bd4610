/**
 * Test support for the embedded MongoDB server suite.
 *
 * Set MONGODB_URI to run the compatibility tests against a real MongoDB instead:
 * the embedded server is then not started and embedded-only tests (durability,
 * lock file, CLI) are skipped.
 */
import { expect } from 'chai';
import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepChildLogs, testLogger } from '@aurastream/service/testing';
import {
  startEmbeddedMongo as startEmbeddedServer,
  type EmbeddedMongoOptions,
  type EmbeddedMongoServer,
} from '../../service/src/db/embedded/index';

export const externalUri = process.env['MONGODB_URI'];
export const usingExternalMongo = externalUri !== undefined && externalUri !== '';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const cliPath = path.join(repoRoot, 'service', 'src', 'db', 'embedded', 'cli.ts');

/** An embedded server in this process, logging into the run's test logs unless given a logger. */
export function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongoServer> {
  return startEmbeddedServer({ logger: testLogger('embedded-mongo'), ...options });
}

export function uniqueDbName(prefix = 'emb'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export async function makeTempDir(prefix = 'embedded-mongo-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

export interface TestMongo {
  /** Base URI without a database name, ending in '/'. */
  readonly uri: string;
  readonly embedded: EmbeddedMongoServer | undefined;
  stop(): Promise<void>;
}

/** Start an embedded server on a fresh temp dir, or point at MONGODB_URI. */
export async function startTestMongo(options: Omit<EmbeddedMongoOptions, 'dbPath'> = {}): Promise<TestMongo> {
  if (usingExternalMongo) {
    return { uri: baseUri(externalUri as string), embedded: undefined, stop: async () => {} };
  }
  const dir = await makeTempDir();
  const server = await startEmbeddedMongo({ dbPath: dir, ...options });
  return {
    uri: server.uri,
    embedded: server,
    async stop() {
      await server.stop();
      await removeDir(dir);
    },
  };
}

/** Strip any database path / options from a URI, keeping scheme, credentials and hosts. */
function baseUri(uri: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)/.exec(uri);
  return `${match?.[1] ?? uri}/`;
}

/** What `useDriverDatabase` gives a suite once its `before` hook has run. */
export interface DriverDatabase {
  mongo: TestMongo;
  client: MongoClient;
  db: Db;
}

/**
 * Registers the hooks of a driver compatibility suite: a private server (or MONGODB_URI), a driver
 * client and a database of its own, dropped afterwards. Read the fields in the suite's tests and
 * hooks, which run after this one.
 */
export function useDriverDatabase(prefix: string): DriverDatabase {
  const suite = {} as DriverDatabase;
  before(async function () {
    suite.mongo = await startTestMongo({ ttlIntervalMs: 60_000 });
    const dbName = uniqueDbName(prefix);
    suite.client = new MongoClient(uriWithDb(suite.mongo.uri, dbName));
    await suite.client.connect();
    suite.db = suite.client.db(dbName);
  });
  after(async function () {
    await suite.db?.dropDatabase().catch(() => undefined);
    await suite.client?.close();
    await suite.mongo?.stop();
  });
  return suite;
}

/** Query string of MONGODB_URI (e.g. authSource), to append to per-test URIs. */
export function uriWithDb(base: string, db: string): string {
  const query = usingExternalMongo ? (/\?(.*)$/.exec(externalUri as string)?.[1] ?? '') : '';
  return `${base}${db}${query ? `?${query}` : ''}`;
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface CliProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly uri: string;
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Spawn the CLI (`node --import tsx cli.ts`) and wait until it reports its port. With
 * `fileSizeLimitKiB`, under that file-size limit (`ulimit -f`): a write past it fails with EFBIG, as
 * one fails with ENOSPC on a full disk.
 */
export async function spawnCli(
  dbPath: string,
  extraArgs: string[] = [],
  options: { fileSizeLimitKiB?: number } = {},
): Promise<CliProcess> {
  const args = ['--import', 'tsx', cliPath, '--port', '0', '--dbpath', dbPath, ...extraArgs];
  const child =
    options.fileSizeLimitKiB === undefined
      ? spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('bash', ['-c', `ulimit -f ${options.fileSizeLimitKiB} && exec "$0" "$@"`, process.execPath, ...args], {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  keepChildLogs(child, 'embedded-mongo-cli');
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start in time:\n${out}`)), 20_000);
    const check = (): void => {
      const m = /waiting for connections on port (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited early with code ${String(code)}:\n${out}`));
    });
  });
  return { child, port, uri: `mongodb://127.0.0.1:${port}/`, output: () => out, exited };
}

/** Run the CLI expecting it to fail fast; resolves with its exit code and output. */
export async function runCliExpectingExit(dbPath: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, '--port', '0', '--dbpath', dbPath], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  keepChildLogs(child, 'embedded-mongo-cli');
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output: out };
}

/** Await an operation the server must refuse; resolves with its error. */
export async function serverError(p: Promise<unknown>): Promise<MongoServerError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a server error').to.be.instanceOf(MongoServerError);
  return err as MongoServerError;
}
