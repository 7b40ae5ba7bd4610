/**
 * A CPU profile of the embedded MongoDB server process over the benchmark's load, to see where its
 * CPU per operation goes. Starts the server as its own process (`embedded-mongo-process.ts`, set up
 * as the `npm run db` CLI), seeds the benchmark's users, runs one load (finds or inserts) from two
 * client processes with the profiler on over that window only, and writes `<profile dir>/<load>.cpuprofile`;
 * summarise it with `bench/cpu-profile-summary.ts`. It also prints the server's CPU per operation
 * over the window (from serverStatus, as the benchmark measures it); with `-` as the profile
 * directory it runs without the profiler, for a quick measurement.
 *
 *   node --import tsx bench/support/embedded-mongo-profile.ts <finds|inserts> <profile dir | -> [seconds] [server script]
 *
 * The server script (relative to this directory) defaults to `./embedded-mongo-process.ts`; with `-`
 * as the profile directory it may be any server that prints the port line and answers serverStatus,
 * such as `./canned-mongo-server.ts`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';

const [kind = 'finds', profileDir = os.tmpdir(), secondsArg = '5', serverScript = './embedded-mongo-process.ts'] =
  process.argv.slice(2);
const USERS = 10_000;
const CLIENTS = 2;
const PER_CLIENT = 16;

const script = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
const dbPath = await fs.mkdtemp(path.join(os.tmpdir(), 'embedded-mongo-profile-'));
const server = spawn(process.execPath, ['--import', 'tsx', script(serverScript), dbPath], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
const port = await new Promise<number>((resolve) => {
  let buf = '';
  server.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const m = /waiting for connections on port (\d+)/.exec(buf);
    if (m) {
      resolve(Number(m[1]));
    }
  });
});
const uri = `mongodb://127.0.0.1:${port}/`;

/** The server process's user and system CPU time (µs), from serverStatus. */
async function serverCpuUs(): Promise<{ user: number; system: number }> {
  const client = await MongoClient.connect(uri, { maxPoolSize: 1 });
  try {
    const status = await client.db('admin').command({ serverStatus: 1 });
    const extra = status['extra_info'] as { user_time_us: number; system_time_us: number };
    return { user: extra.user_time_us, system: extra.system_time_us };
  } finally {
    await client.close();
  }
}

if (kind === 'finds') {
  const client = await MongoClient.connect(`${uri}bench`);
  const users = client.db('bench').collection('users');
  await users.createIndex({ email: 1 }, { unique: true });
  for (let i = 0; i < USERS; i += 1000) {
    await users.insertMany(
      Array.from({ length: 1000 }, (_, j) => ({ email: `user${i + j}@example.com`, name: `User ${i + j}`, plan: 1 })),
    );
  }
  await client.close();
}
const clients = Array.from({ length: CLIENTS }, () =>
  spawn(
    process.execPath,
    ['--import', 'tsx', script('./mongo-load-client.ts'), uri, kind, secondsArg, String(PER_CLIENT), String(USERS)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  ),
);
const outputs = clients.map((child) => {
  let buf = '';
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('ready')) {
        resolve();
      }
    }),
  );
  const done = new Promise<{ ops: number }>((resolve) =>
    child.once('exit', () => {
      const json = buf.split('\n').find((l) => l.startsWith('{')) ?? '{"ops":0}';
      resolve(JSON.parse(json) as { ops: number });
    }),
  );
  return { child, ready, done };
});
await Promise.all(outputs.map((o) => o.ready));
const serverSays = (text: string): Promise<void> =>
  new Promise((resolve) => {
    const listener = (d: Buffer): void => {
      if (d.toString().includes(text)) {
        server.stdout.off('data', listener);
        resolve();
      }
    };
    server.stdout.on('data', listener);
  });
const profileFile = path.resolve(profileDir, `${kind}.cpuprofile`);
if (profileDir !== '-') {
  await fs.mkdir(profileDir, { recursive: true });
  const profiling = serverSays('profiling');
  server.stdin.write(`profile ${profileFile}\n`);
  await profiling;
}
const cpu0 = await serverCpuUs();
for (const o of outputs) {
  o.child.stdin.write('go\n');
}
const ops = (await Promise.all(outputs.map((o) => o.done))).reduce((n, r) => n + r.ops, 0);
const cpu1 = await serverCpuUs();
const userUs = (cpu1.user - cpu0.user) / ops;
const systemUs = (cpu1.system - cpu0.system) / ops;
if (profileDir !== '-') {
  const written = serverSays('profile written');
  server.stdin.write('stop\n');
  await written;
  process.stdout.write(`profile written to ${profileFile}\n`);
}
process.stdout.write(
  `${kind}: ${ops} ops in ${secondsArg} s, server CPU ${(userUs + systemUs).toFixed(1)} µs/op ` +
    `(user ${userUs.toFixed(1)}, system ${systemUs.toFixed(1)}; load ${os.loadavg()[0]?.toFixed(2)})\n`,
);
server.kill('SIGTERM');
await exited;
await fs.rm(dbPath, { recursive: true, force: true });
