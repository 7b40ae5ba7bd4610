/**
 * EventSub benchmark: deliveries to `POST /api/v1/twitch/eventsub` verified (HMAC over the raw body,
 * timestamp window), deduplicated (Redis `SET NX`), stored (`eventsub_deliveries`) and handed to a
 * job, per second, with one service process as `npm start` runs it (embedded MongoDB, Redis, the
 * worker in the same process, processing the jobs meanwhile); beside it, in the same run, a bare
 * Express route (JSON body, 204) in its own process, and the same deliveries sent again (every one a
 * duplicate: the dedup path). Load: keep-alive connections from this process, requests signed in
 * advance. Target: ≥ 1,000 accepted deliveries per second.
 * Run: `npm run bench -- eventsub` (BENCH_DELIVERIES, default 2000; BENCH_CONNECTIONS, default 16).
 * Writes bench/results/eventsub.{json,md}.
 */
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeepAliveConnection, preparePost, type PreparedRequest } from './support/keep-alive-poster';
import { startServiceProcess } from './support/service-process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const deliveries = Number(process.env.BENCH_DELIVERIES ?? 2000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const secret = `bench-eventsub-secret-${randomUUID()}`;
const target = 1000;

/** A redemption of a reward no streamer has: verified, deduplicated, stored, queued, then ignored by its job. */
function delivery(url: URL): { request: PreparedRequest; messageId: string } {
  const messageId = randomUUID();
  const timestamp = new Date().toISOString();
  const body = JSON.stringify({
    subscription: {
      id: randomUUID(),
      type: 'channel.channel_points_custom_reward_redemption.add',
      version: '1',
      status: 'enabled',
      condition: { broadcaster_user_id: '1000', reward_id: 'bench' },
      transport: { method: 'webhook', callback: url.href },
      created_at: timestamp,
    },
    event: {
      id: randomUUID(),
      broadcaster_user_id: '1000',
      broadcaster_user_login: 'bench',
      broadcaster_user_name: 'Bench',
      user_id: '2000',
      user_login: 'viewer',
      user_name: 'Viewer',
      user_input: 'a cat in sunglasses',
      status: 'unfulfilled',
      reward: { id: 'bench', title: 'Suggest an emote', cost: 1000, prompt: '' },
      redeemed_at: timestamp,
    },
  });
  const signature = createHmac('sha256', secret)
    .update(messageId + timestamp + body)
    .digest('hex');
  return {
    messageId,
    request: preparePost(url, body, {
      'Twitch-Eventsub-Message-Id': messageId,
      'Twitch-Eventsub-Message-Timestamp': timestamp,
      'Twitch-Eventsub-Message-Signature': `sha256=${signature}`,
      'Twitch-Eventsub-Message-Type': 'notification',
      'Twitch-Eventsub-Message-Retry': '0',
      'Twitch-Eventsub-Subscription-Type': 'channel.channel_points_custom_reward_redemption.add',
      'Twitch-Eventsub-Subscription-Version': '1',
    }),
  };
}

interface Phase {
  requests: number;
  failures: number;
  per_second: number;
  p50_ms: number;
  p99_ms: number;
}

/** Sends every request once over `connections` keep-alive connections; `expected` is the status wanted. */
async function run(url: URL, requests: PreparedRequest[], expected: number): Promise<Phase> {
  const sockets = await Promise.all(Array.from({ length: connections }, () => KeepAliveConnection.open(url)));
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    sockets.map(async (socket) => {
      for (let index = next++; index < requests.length; index = next++) {
        const begin = performance.now();
        const status = await socket.send(requests[index]!);
        latencies.push(performance.now() - begin);
        if (status !== expected) {
          failures += 1;
        }
      }
    }),
  );
  const elapsed = performance.now() - started;
  for (const socket of sockets) {
    socket.close();
  }
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => Math.round((latencies[Math.floor(p * (latencies.length - 1))] ?? 0) * 100) / 100;
  return {
    requests: requests.length,
    failures,
    per_second: Math.round(requests.length / (elapsed / 1000)),
    p50_ms: percentile(0.5),
    p99_ms: percentile(0.99),
  };
}

async function startBareRoute(): Promise<{ url: URL; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/support/bare-route.ts')], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) {
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`the bare route exited (${code})`)));
  });
  return {
    url: new URL(`http://127.0.0.1:${port}/bare`),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const service = await startServiceProcess(1, { TWITCH_EVENTSUB_SECRET: secret });
const bare = await startBareRoute();
try {
  const callback = new URL(`${service.url}/api/v1/twitch/eventsub`);
  const warmup = Array.from({ length: 500 }, () => delivery(callback).request);
  await run(callback, warmup, 204);
  // the bare route gets the same bodies and headers, at its own path
  const forBare = (count: number) => Array.from({ length: count }, () => delivery(bare.url).request);
  await run(bare.url, forBare(500), 204);

  const fresh = Array.from({ length: deliveries }, () => delivery(callback).request);
  const baselineRequests = forBare(deliveries);
  const cpuBefore = service.cpuSeconds();
  const accepted = await run(callback, fresh, 204);
  const cpuSeconds = service.cpuSeconds() - cpuBefore;
  const duplicates = await run(callback, fresh, 204);
  const baseline = await run(bare.url, baselineRequests, 204);

  const load = os.loadavg().map((value) => value.toFixed(2));
  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`,
    node: process.version,
    load_average_at_end: load,
    connections,
    accepted_deliveries: accepted,
    service_cpu_ms_per_delivery: Math.round(((cpuSeconds * 1000) / accepted.requests) * 100) / 100,
    duplicate_deliveries: duplicates,
    bare_express_route: baseline,
    target_per_second: target,
    target_met: accepted.per_second >= target && accepted.failures === 0,
  };
  const row = (name: string, phase: Phase) =>
    `| ${name} | ${phase.per_second} | ${phase.p50_ms} | ${phase.p99_ms} | ${phase.requests} | ${phase.failures} |`;
  const markdown = [
    '# EventSub benchmark',
    '',
    `${result.date} · ${result.machine} · Node ${result.node} · load average at the end ${load.join(' / ')}`,
    '',
    `## POST /api/v1/twitch/eventsub, one service process (${connections} keep-alive connections; target ≥ ${target}/s)`,
    '',
    '| | per second | p50 ms | p99 ms | requests | failures |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('new deliveries: verified, deduplicated, stored, queued', accepted),
    row('the same deliveries again: verified, recognised as duplicates', duplicates),
    row('bare Express route (JSON body, 204)', baseline),
    '',
    `The service spent ${result.service_cpu_ms_per_delivery} ms of CPU per new delivery (its embedded MongoDB and ` +
      `Redis included, and the jobs processing the deliveries meanwhile). ${result.target_met ? 'Target met' : 'Target missed'}.`,
    '',
  ].join('\n');
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/eventsub.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(path.join(root, 'bench/results/eventsub.md'), markdown);
  process.stdout.write(`${markdown}\n`);
} finally {
  await bare.stop();
  await service.stop();
}
