/**
 * Analytics benchmark: events ingested per second through HTTP in batches of 50 (many keep-alive
 * clients in a child process, the service in this one), and the time to flush 100,000
 * buffered events to MongoDB. Run: `npx tsx bench/analytics.bench.ts`. Writes
 * bench/results/analytics.{json,md}.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KeepAliveConnection, preparePost, type PreparedRequest } from './support/keep-alive-poster';

interface LoadOptions {
  url: string;
  token: string | null;
  connections: number;
  durationMs: number;
  warmupMs: number;
  /** Stop after this many events instead of after `durationMs`. */
  eventLimit: number | null;
}

interface LoadResult {
  requests: number;
  events: number;
  failures: number;
  elapsedMs: number;
  /** CPU the load generator itself spent per request. */
  loadCpuUsPerRequest: number;
  latenciesMs: number[];
}

const batchSize = 50;

function makeBodies(count: number): string[] {
  const now = Date.now();
  const categories = ['page', 'modal', 'wizard', 'user_action', 'feature', 'performance', 'error'];
  return Array.from({ length: count }, (_unused, bodyIndex) =>
    JSON.stringify({
      events: Array.from({ length: batchSize }, (_event, index) => ({
        event_name: index % 10 === 0 ? 'asset_viewed' : `bench_event_${index % 7}`,
        category: categories[index % categories.length],
        properties: { path: '/dashboard/library', index, bench: true },
        timestamp: new Date(now - 60_000 + bodyIndex * batchSize + index).toISOString(),
        session_id: `bench-session-${bodyIndex % 97}`,
        ...(index % 10 === 0 ? { asset_type: 'twitch_emote' } : {}),
      })),
    }),
  );
}

/** The load generator, run in a child process so it does not share the service's event loop. */
async function generateLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL('/api/v1/analytics', options.url);
  const headers: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};
  const requests = makeBodies(64).map((body) => preparePost(target, body, headers));
  const connections = await Promise.all(
    Array.from({ length: options.connections }, () => KeepAliveConnection.open(target)),
  );
  const cpuAtStart = process.cpuUsage();

  const result: LoadResult = {
    requests: 0,
    events: 0,
    failures: 0,
    elapsedMs: 0,
    loadCpuUsPerRequest: 0,
    latenciesMs: [],
  };
  let measuring = options.warmupMs === 0;
  let started = performance.now();
  const warmupEnds = started + options.warmupMs;
  const deadline = warmupEnds + options.durationMs;
  let sent = 0;
  const client = async (clientIndex: number) => {
    for (let index = clientIndex; ; index += options.connections) {
      const now = performance.now();
      if (options.eventLimit !== null ? sent >= options.eventLimit : now >= deadline) {
        return;
      }
      if (!measuring && now >= warmupEnds) {
        measuring = true;
        started = now;
      }
      sent += batchSize;
      const begin = performance.now();
      const status = await (connections[clientIndex] as KeepAliveConnection).send(
        requests[index % requests.length] as PreparedRequest,
      );
      if (!measuring) {
        continue;
      }
      result.latenciesMs.push(performance.now() - begin);
      result.requests += 1;
      if (status === 202) {
        result.events += batchSize;
      } else {
        result.failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_unused, index) => client(index)));
  result.elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuAtStart);
  result.loadCpuUsPerRequest = (cpu.user + cpu.system) / Math.max(1, sent / batchSize);
  connections.forEach((connection) => connection.close());
  return result;
}

function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // the child inherits tsx's loader flags from this process
    const child = fork(fileURLToPath(import.meta.url), ['--load-generator'], { stdio: 'inherit' });
    child.once('message', (message) => resolve(message as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`load generator exited with ${code}`));
      }
    });
    child.send(options);
  });
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) {
    return 0;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] as number;
}

/** Runs a load and measures this process's (the service's) CPU time meanwhile. */
async function measure(options: LoadOptions): Promise<LoadResult & { serviceCpuMs: number }> {
  const before = process.cpuUsage();
  const result = await runLoad(options);
  const used = process.cpuUsage(before);
  // the warm-up is part of the CPU time, so scale it to the measured share of the run
  const share = options.durationMs / (options.durationMs + options.warmupMs);
  return { ...result, serviceCpuMs: ((used.user + used.system) / 1000) * share };
}

function summarise(name: string, result: LoadResult & { serviceCpuMs: number }) {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    name,
    events_per_second: Math.round((result.events / result.elapsedMs) * 1000),
    requests_per_second: Math.round((result.requests / result.elapsedMs) * 1000),
    requests: result.requests,
    failures: result.failures,
    latency_ms: { p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)) },
    seconds: round(result.elapsedMs / 1000),
    // independent of how much CPU the machine gave the service: what one core would sustain
    events_per_service_cpu_second: Math.round(result.events / (result.serviceCpuMs / 1000)),
    load_generator_cpu_us_per_request: Math.round(result.loadCpuUsPerRequest),
  };
}

async function main(): Promise<void> {
  const { startTestService, stopSharedInfrastructure } = await import('@aurastream/service/testing');
  const app = await startTestService({
    ANALYTICS_RATE_LIMIT_ANONYMOUS: '10000000',
    ANALYTICS_RATE_LIMIT_USER: '10000000',
  });
  try {
    const admin = await app.createUser({ role: 'admin' });
    const connections = 32;
    const anonymous = summarise(
      'anonymous visitors',
      await measure({ url: app.url, token: null, connections, durationMs: 10_000, warmupMs: 2000, eventLimit: null }),
    );
    const signedIn = summarise(
      'signed-in users',
      await measure({
        url: app.url,
        token: admin.accessToken,
        connections,
        durationMs: 5000,
        warmupMs: 1000,
        eventLimit: null,
      }),
    );

    await admin.api.analytics.clear();
    await runLoad({ url: app.url, token: null, connections, durationMs: 0, warmupMs: 0, eventLimit: 100_000 });
    const buffered = (await admin.api.analytics.health()).bufferedEvents;
    const started = performance.now();
    const flush = await admin.api.analytics.flush();
    const flushMs = Math.round(performance.now() - started);
    const stored = await app.service.infra.mongo.connection
      .collection('analytics_events')
      .aggregate<{ total: number }>([{ $group: { _id: null, total: { $sum: '$count' } } }])
      .toArray();

    const results = {
      benchmark: 'analytics',
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model ?? 'unknown',
        load_average: os.loadavg().map((value) => Math.round(value * 100) / 100),
      },
      ingestion: { batch_size: batchSize, connections, target_events_per_second: 50_000, runs: [anonymous, signedIn] },
      flush: {
        buffered_events: buffered,
        events_flushed: flush.eventsFlushed,
        batches: flush.batches,
        stored_in_mongodb: stored[0]?.total ?? 0,
        duration_ms: flushMs,
        events_per_second: Math.round((flush.eventsFlushed / flushMs) * 1000),
      },
    };
    const markdown = [
      '# Analytics benchmark',
      '',
      `${results.date} · ${results.machine.cpus} × ${results.machine.model} · load average at the end ${results.machine.load_average.join(' / ')}`,
      '',
      `## Ingestion (POST /api/v1/analytics, batches of ${batchSize}, ${connections} keep-alive clients; target 50,000 events/s)`,
      '',
      '| senders | events/s | requests/s | p50 ms | p99 ms | failures | events per service CPU-second | load generator CPU µs/request |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...[anonymous, signedIn].map(
        (run) =>
          `| ${run.name} | ${run.events_per_second.toLocaleString('en-US')} | ${run.requests_per_second} | ${run.latency_ms.p50} | ${run.latency_ms.p99} | ${run.failures} | ${run.events_per_service_cpu_second.toLocaleString('en-US')} | ${run.load_generator_cpu_us_per_request} |`,
      ),
      '',
      'The load generator (`bench/support/keep-alive-poster.ts`: raw keep-alive sockets writing prepared requests, like wrk)',
      'runs in its own process on the same machine, as do Redis and, in this process, the embedded MongoDB. "Events per',
      'service CPU-second" is what one core given to the service would sustain, whatever else the machine was doing.',
      '',
      '## Flush',
      '',
      `${results.flush.events_flushed.toLocaleString('en-US')} buffered events flushed in ${results.flush.batches} batches in ` +
        `${results.flush.duration_ms} ms (${results.flush.events_per_second.toLocaleString('en-US')} events/s); ` +
        `MongoDB counts ${results.flush.stored_in_mongodb.toLocaleString('en-US')}.`,
      '',
    ].join('\n');
    await mkdir(new URL('results/', import.meta.url), { recursive: true });
    await writeFile(new URL('results/analytics.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(new URL('results/analytics.md', import.meta.url), markdown);
    process.stdout.write(`${markdown}\n`);
  } finally {
    await app.stop();
    await stopSharedInfrastructure();
  }
}

if (process.argv.includes('--load-generator')) {
  process.once('message', (options) => {
    void generateLoad(options as LoadOptions).then((result) => process.send?.(result, () => process.disconnect()));
  });
} else {
  await main();
}
