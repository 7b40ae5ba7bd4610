/**
 * Embedded MongoDB server benchmark (issues 3 and 18). Bounded to about a minute.
 *
 *   npm run bench -- embedded-mongo
 *
 * 1. Acknowledged single-document inserts/s through mongoose, 32 concurrent
 *    writers split over several client processes, journal fsync on.
 * 2. Indexed findOne/s through the official driver, 32 concurrent readers.
 * 3. The same loads against a canned-reply server that does no database work.
 * 4. The server's own request path without network or driver (CPU µs per command).
 * 5. A $match/$group/$sort aggregate over 10,000 documents.
 *
 * The server runs as its own process (the `npm run db` CLI), like a real mongod.
 * Client load runs in CLIENT_PROCESSES processes (one per core), so the clients
 * are not capped at one core. On this machine throughput is bounded by
 * cores × 1,000,000 / (client CPU µs per op + server CPU µs per op); each load
 * reports its CPU per operation on both sides and its ratio to that bound.
 *
 * Writes bench/results/embedded-mongo.json and bench/results/embedded-mongo.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ObjectId, UUID } from 'bson';
import type { BaseContext } from '../service/src/db/embedded/commands/index';
import { CursorManager } from '../service/src/db/embedded/cursors';
import { Engine } from '../service/src/db/embedded/storage/engine';
import { Journal } from '../service/src/db/embedded/storage/journal';
import { silentLogger } from '../service/src/db/embedded/types';
import { respond } from '../service/src/db/embedded/server';
import { encodeOpMsg } from '../service/src/db/embedded/wire';

const WRITERS = 32;
const READERS = 32;
const INSERT_SECONDS = 6;
const FIND_SECONDS = 5;
const AGG_DOCS = 10_000;
const AGG_RUNS = 5;
const USERS = 10_000;
const CORES = os.cpus().length;
const CLIENT_PROCESSES = Math.max(2, CORES);
const INSERT_TARGET_US = 115;
const FIND_TARGET_US = 30;

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

interface BenchServer {
  uri: string;
  stop(): Promise<void>;
}

function tsxChild(script: string, args: string[]): ReturnType<typeof spawn> {
  return spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Start a server script as a child process and wait for its "waiting for connections" line. */
async function spawnServer(script: string, args: string[]): Promise<BenchServer> {
  const child = tsxChild(script, args);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('server did not start')), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /waiting for connections on port (\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exited.then(() => reject(new Error(`server exited:\n${buf}`)));
  });
  child.stdout?.resume();
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Server CPU time (µs) from serverStatus.extra_info, as mongod reports it. */
async function serverCpuUs(uri: string): Promise<number> {
  const c = await MongoClient.connect(uri, { maxPoolSize: 1 });
  try {
    const status = await c.db('admin').command({ serverStatus: 1 });
    const extra = status['extra_info'] as { user_time_us?: number; system_time_us?: number } | undefined;
    return (extra?.user_time_us ?? 0) + (extra?.system_time_us ?? 0);
  } finally {
    await c.close();
  }
}

interface LoadResult {
  ops: number;
  perSecond: number;
  clientUsPerOp: number;
  serverUsPerOp: number;
  /** cores × 1e6 / (client + server CPU µs per op): the most this machine could do at these costs. */
  bound: number;
  ratio: number;
}

/**
 * Run `kind` load from CLIENT_PROCESSES client processes at once (their warm-up
 * excluded), measuring the clients' and the server's CPU over the same window.
 */
async function clientLoad(
  uri: string,
  kind: 'inserts' | 'finds',
  seconds: number,
  concurrency: number,
): Promise<LoadResult> {
  const perProcess = Math.ceil(concurrency / CLIENT_PROCESSES);
  const children = Array.from({ length: CLIENT_PROCESSES }, () =>
    tsxChild('./support/mongo-load-client.ts', [uri, kind, String(seconds), String(perProcess), String(USERS)]),
  );
  const lines = children.map((child) => {
    let buf = '';
    const ready = new Promise<void>((resolve) =>
      child.stdout?.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('ready')) {
          resolve();
        }
      }),
    );
    const done = new Promise<{ ops: number; ms: number; cpuUs: number }>((resolve, reject) =>
      child.once('exit', (code) => {
        const json = buf.split('\n').find((l) => l.startsWith('{'));
        if (code !== 0 || !json) {
          reject(new Error(`load client failed (${String(code)}): ${buf}`));
        } else {
          resolve(JSON.parse(json) as { ops: number; ms: number; cpuUs: number });
        }
      }),
    );
    return { child, ready, done };
  });
  await Promise.all(lines.map((l) => l.ready));
  const s0 = await serverCpuUs(uri);
  for (const l of lines) {
    l.child.stdin?.write('go\n');
  }
  const results = await Promise.all(lines.map((l) => l.done));
  const s1 = await serverCpuUs(uri);
  const ops = results.reduce((n, r) => n + r.ops, 0);
  const ms = Math.max(...results.map((r) => r.ms));
  const clientUsPerOp = results.reduce((n, r) => n + r.cpuUs, 0) / Math.max(1, ops);
  const serverUsPerOp = (s1 - s0) / Math.max(1, ops);
  const perSecond = (ops / ms) * 1000;
  const bound = (CORES * 1e6) / (clientUsPerOp + serverUsPerOp);
  return { ops, perSecond, clientUsPerOp, serverUsPerOp, bound, ratio: perSecond / bound };
}

/**
 * Server-only cost: the embedded server's request path for one framed message (wire decode →
 * command → journal append → wire encode, the function the TCP server runs) driven directly,
 * without sockets or a driver, in CPU µs per command. The request messages are encoded before the
 * clock starts: encoding them is the client's work.
 */
async function serverOnlyCost(): Promise<{ findUs: number; insertUs: number }> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'embedded-mongo-bench-core-'));
  const engine = new Engine();
  const cursors = new CursorManager(60_000);
  // fsync off here: this measures CPU; fsync latency is covered by the end-to-end insert run.
  const { journal } = await Journal.open(
    { dir: tmp, fsync: false, compactThresholdBytes: 1 << 30, logger: silentLogger },
    engine,
  );
  engine.attachJournal(journal);
  const base: BaseContext = {
    engine,
    cursors,
    logger: silentLogger,
    connectionId: 1,
    clientAddress: 'bench',
    server: { host: '127.0.0.1', port: 0, startedAt: new Date(), dbPath: tmp, version: '7.0.0', maxWireVersion: 21 },
  };
  const message = (command: Record<string, unknown>): Buffer => encodeOpMsg(1, 0, command);
  await respond(
    message({ createIndexes: 'users', indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }], $db: 'b' }),
    base,
    1,
  );
  const lsid = { id: new UUID() };
  /** CPU µs per message over `messages`, after a warm-up over the first quarter of `warmUp`. */
  const cpuPerOp = async (warmUp: Buffer[], messages: Buffer[]): Promise<number> => {
    for (const m of warmUp) {
      await respond(m, base, 2);
    }
    const c0 = process.cpuUsage();
    for (const m of messages) {
      await respond(m, base, 2);
    }
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / messages.length;
  };
  const insertMessage = (i: number): Buffer =>
    message({
      insert: 'users',
      documents: [
        { _id: new ObjectId(), email: `u${i}@example.com`, name: `User ${i}`, plan: i % 3, createdAt: new Date() },
      ],
      ordered: true,
      lsid,
      $db: 'b',
    });
  const findMessage = (i: number): Buffer =>
    message({
      find: 'users',
      filter: { email: `u${i % 10_000}@example.com` },
      limit: 1,
      singleBatch: true,
      batchSize: 1,
      lsid,
      $db: 'b',
    });
  const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
  const insertUs = await cpuPerOp(range(10_000, 2_500).map(insertMessage), range(0, 10_000).map(insertMessage));
  const findUs = await cpuPerOp(range(0, 5_000).map(findMessage), range(0, 20_000).map(findMessage));
  await journal.close({ compact: false });
  cursors.close();
  await fs.rm(tmp, { recursive: true, force: true });
  return { findUs, insertUs };
}

/** Seeds USERS users with a unique e-mail index. */
async function seedUsers(uri: string): Promise<void> {
  const client = await MongoClient.connect(`${uri}bench`);
  try {
    const users = client.db('bench').collection('users');
    await users.createIndex({ email: 1 }, { unique: true });
    for (let i = 0; i < USERS; i += 1000) {
      await users.insertMany(
        Array.from({ length: 1000 }, (_, j) => ({
          email: `user${i + j}@example.com`,
          name: `User ${i + j}`,
          plan: (i + j) % 3,
        })),
      );
    }
  } finally {
    await client.close();
  }
}

async function aggregateMedian(uri: string): Promise<{ medianMs: number; groups: number; allMs: number[] }> {
  const client = await MongoClient.connect(`${uri}bench`);
  try {
    const orders = client.db('bench').collection('orders');
    for (let i = 0; i < AGG_DOCS; i += 1000) {
      await orders.insertMany(
        Array.from({ length: 1000 }, (_, j) => ({
          customer: `c${(i + j) % 250}`,
          amount: ((i + j) * 37) % 500,
          status: (i + j) % 4 === 0 ? 'refunded' : 'paid',
          at: new Date(1_700_000_000_000 + (i + j) * 60_000),
        })),
      );
    }
    const pipeline = [
      { $match: { status: 'paid' } },
      { $group: { _id: '$customer', total: { $sum: '$amount' }, count: { $sum: 1 } } },
      { $sort: { total: -1 } },
    ];
    const times: number[] = [];
    let groups = 0;
    for (let r = 0; r < AGG_RUNS + 1; r++) {
      const t0 = performance.now();
      const res = await orders.aggregate(pipeline).toArray();
      if (r > 0) {
        times.push(performance.now() - t0); // the first run is a warm-up
      }
      groups = res.length;
    }
    const medianMs = times.slice().sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
    return { medianMs, groups, allMs: times.map((t) => Number(t.toFixed(1))) };
  } finally {
    await client.close();
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function loadLine(label: string, r: LoadResult): string {
  return `${label}: ${fmt(r.perSecond)}/s; CPU/op server ${r.serverUsPerOp.toFixed(0)} µs, clients ${r.clientUsPerOp.toFixed(0)} µs; bound ${fmt(r.bound)}/s (${Math.round(r.ratio * 100)}%)`;
}

const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'embedded-mongo-bench-'));
const server = await spawnServer('../service/src/db/embedded/cli.ts', ['--port', '0', '--dbpath', dir]);
out(
  `embedded mongo on ${server.uri} (separate process, dbPath ${dir}, fsync on), ${CLIENT_PROCESSES} client processes`,
);

try {
  const inserts = await clientLoad(server.uri, 'inserts', INSERT_SECONDS, WRITERS);
  out(loadLine(`mongoose inserts (${WRITERS} writers)`, inserts));
  await seedUsers(server.uri);
  const finds = await clientLoad(server.uri, 'finds', FIND_SECONDS, READERS);
  out(loadLine(`driver indexed findOne (${READERS} readers)`, finds));

  const canned = await spawnServer('./support/canned-mongo-server.ts', []);
  let cannedInserts: LoadResult;
  let cannedFinds: LoadResult;
  try {
    cannedInserts = await clientLoad(canned.uri, 'inserts', INSERT_SECONDS, WRITERS);
    cannedFinds = await clientLoad(canned.uri, 'finds', FIND_SECONDS, READERS);
  } finally {
    await canned.stop();
  }
  out(loadLine('canned-reply server, mongoose inserts', cannedInserts));
  out(loadLine('canned-reply server, driver findOne', cannedFinds));

  const core = await serverOnlyCost();
  out(
    `server-only CPU per command (no network/driver): insert ${core.insertUs.toFixed(0)} µs, indexed find ${core.findUs.toFixed(0)} µs`,
  );
  const agg = await aggregateMedian(server.uri);
  out(
    `aggregate over ${AGG_DOCS} docs ($match/$group/$sort → ${agg.groups} groups): median ${agg.medianMs.toFixed(1)} ms`,
  );

  const load = (r: LoadResult): Record<string, number> => ({
    perSecond: Math.round(r.perSecond),
    ops: r.ops,
    serverCpuUsPerOp: Number(r.serverUsPerOp.toFixed(1)),
    clientCpuUsPerOp: Number(r.clientUsPerOp.toFixed(1)),
    boundPerSecond: Math.round(r.bound),
    ratioToBound: Number(r.ratio.toFixed(2)),
  });
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: CORES,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    fsync: true,
    clientProcesses: CLIENT_PROCESSES,
    loadAverageAtStart: loadAtStart,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    mongooseInserts: { writers: WRITERS, seconds: INSERT_SECONDS, ...load(inserts), serverTargetUs: INSERT_TARGET_US },
    driverIndexedFindOne: { readers: READERS, seconds: FIND_SECONDS, ...load(finds), serverTargetUs: FIND_TARGET_US },
    cannedServer: { mongooseInserts: load(cannedInserts), driverFindOne: load(cannedFinds) },
    serverOnly: { insertCpuUs: Number(core.insertUs.toFixed(1)), findCpuUs: Number(core.findUs.toFixed(1)) },
    aggregate10k: {
      docs: AGG_DOCS,
      groups: agg.groups,
      runs: AGG_RUNS,
      medianMs: Number(agg.medianMs.toFixed(1)),
      allMs: agg.allMs,
    },
  };
  const resultsDir = new URL('./results/', import.meta.url);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(new URL('embedded-mongo.json', resultsDir), `${JSON.stringify(results, null, 2)}\n`);
  const row = (label: string, r: LoadResult, target: string): string =>
    `| ${label} | ${fmt(r.perSecond)}/s | ${r.serverUsPerOp.toFixed(1)} µs | ${r.clientUsPerOp.toFixed(0)} µs | ${fmt(r.bound)}/s | ${Math.round(r.ratio * 100)}% | ${target} |`;
  const md = [
    '## Embedded MongoDB server',
    '',
    `Run ${results.date}: server as a separate process (the \`npm run db\` CLI), journal fsync on (group commit); client load from ${CLIENT_PROCESSES} client processes. Source: \`bench/embedded-mongo.bench.ts\`.`,
    '',
    `Load average at the start: ${results.loadAverageAtStart.join(', ')}; at the end: ${results.loadAverage.join(', ')} (${CORES} CPUs). CPU/op is each side's CPU time over the same window divided by the operations (the server's from serverStatus, the clients' summed over their processes). The bound is ${CORES} × 1,000,000 / (client µs + server µs): what this machine could do at those costs if both sides kept every core busy.`,
    '',
    '| measurement | result | server CPU/op | client CPU/op | bound | of bound | server target |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row(`acknowledged inserts via mongoose, ${WRITERS} writers`, inserts, `≤ ${INSERT_TARGET_US} µs`),
    row(`indexed findOne via driver, ${READERS} readers`, finds, `≤ ${FIND_TARGET_US} µs`),
    row('canned-reply server (no database work): the same mongoose inserts', cannedInserts, ''),
    row('canned-reply server (no database work): the same driver findOne', cannedFinds, ''),
    `| server-only insert path (decode → journal append → encode), no network/driver | | ${results.serverOnly.insertCpuUs} µs | | | | |`,
    `| server-only indexed find path, no network/driver | | ${results.serverOnly.findCpuUs} µs | | | | |`,
    `| aggregate $match/$group/$sort over ${AGG_DOCS.toLocaleString('en-US')} docs | ${results.aggregate10k.medianMs} ms (median of ${AGG_RUNS}) | | | | | |`,
    '',
    "The canned-reply rows run the same clients against `bench/support/canned-mongo-server.ts`, which answers every command with a fixed reply: it reads the command's name and collection from the message's first bytes, takes the reply body encoded once for them, and copies it into a new message behind the request's id, with the embedded server's own socket handling from the same module (`wire-socket.ts`: no Nagle, each read into the connection's reused buffer and copied out, framed by length, one write per reply, the replies to several messages of one read corked). Its server CPU/op is the wire protocol's floor in Node, and its client CPU/op what mongoose and the driver cost per operation here. The server-only rows run the server's own request path (`respond()` in `server.ts`) on requests encoded beforehand.",
    '',
  ].join('\n');
  writeFileSync(new URL('embedded-mongo.md', resultsDir), md);
  out('wrote bench/results/embedded-mongo.json and bench/results/embedded-mongo.md');
} finally {
  await server.stop();
  await fs.rm(dir, { recursive: true, force: true });
}
