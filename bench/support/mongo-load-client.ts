/**
 * One client process of the embedded MongoDB benchmark. It connects, warms up,
 * prints "ready", waits for "go" on stdin, runs its share of the load for the
 * given seconds and prints one JSON line: operations, elapsed ms and its own CPU
 * time, so the parent can add up several client processes.
 *
 *   node --import tsx bench/support/mongo-load-client.ts <uri> <inserts|finds> <seconds> <concurrency> <users>
 */
import { MongoClient } from 'mongodb';
import mongoose, { Schema } from 'mongoose';

const [uri = '', kind = 'inserts', secondsArg = '5', concurrencyArg = '16', usersArg = '10000'] = process.argv.slice(2);
const seconds = Number(secondsArg);
const concurrency = Number(concurrencyArg);
const users = Number(usersArg);

async function loop(until: number, op: (worker: number, i: number) => Promise<void>): Promise<number> {
  let ops = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        await op(w, i);
        ops++;
      }
    }),
  );
  return ops;
}

async function waitForGo(): Promise<void> {
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    process.stdin.on('data', (d: Buffer) => {
      if (d.toString().includes('go')) {
        resolve();
      }
    });
  });
}

async function run(op: (worker: number, i: number) => Promise<void>): Promise<void> {
  await loop(performance.now() + 500, op); // warm-up
  await waitForGo();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const ops = await loop(t0 + seconds * 1000, op);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  process.stdout.write(`${JSON.stringify({ ops, ms, cpuUs: cpu.user + cpu.system })}\n`);
}

const tag = `${process.pid}`;
if (kind === 'inserts') {
  const conn = await mongoose.createConnection(`${uri}bench`, { maxPoolSize: concurrency + 2 }).asPromise();
  const Event = conn.model(
    'Event',
    new Schema(
      { writer: Number, seq: Number, kind: String, payload: { title: String, tags: [String] } },
      { timestamps: true },
    ),
  );
  await Event.init();
  await run((w, i) =>
    Event.create({ writer: w, seq: i, kind: tag, payload: { title: `event ${i}`, tags: ['a', 'b'] } }).then(
      () => undefined,
    ),
  );
  await conn.close();
} else {
  const client = await MongoClient.connect(`${uri}bench`, { maxPoolSize: concurrency + 2 });
  const coll = client.db('bench').collection('users');
  let misses = 0;
  await run(async (w, i) => {
    const doc = await coll.findOne({ email: `user${(w * 7919 + i * 104_729) % users}@example.com` });
    if (!doc) {
      misses++;
    }
  });
  process.stderr.write(misses ? `misses: ${misses}\n` : '');
  await client.close();
}
process.exit(0);
