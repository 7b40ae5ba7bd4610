/**
 * Analytics benchmark: events ingested per second through HTTP in batches of 50 (many keep-alive
 * clients in one child process, the service as `npm start` runs it in others, with one service
 * process and with one per core), and the time to flush 100,000 buffered events to MongoDB.
 * Run: `npx tsx bench/analytics.bench.ts`. Writes bench/results/analytics.{json,md}.
 */
import os from 'node:os';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { KeepAliveConnection, preparePost, type PreparedRequest } from './support/keep-alive-poster';
import { signedInAccount } from './support/accounts';
import { startServiceProcess, type ServiceProcess } from './support/service-process';
import { writeResults } from './support/results';

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

/** Runs a load and measures the service's CPU time meanwhile. */
async function measure(service: ServiceProcess, options: LoadOptions): Promise<LoadResult & { serviceCpuMs: number }> {
  const before = service.cpuSeconds();
  const result = await runLoad(options);
  const used = service.cpuSeconds() - before;
  // the warm-up is part of the CPU time, so scale it to the measured share of the run
  const share = options.durationMs / (options.durationMs + options.warmupMs);
  return { ...result, serviceCpuMs: used * 1000 * share };
}

function summarise(name: string, processes: number, result: LoadResult & { serviceCpuMs: number }) {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    name,
    service_processes: processes,
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

const adminEmail = 'bench-admin@example.test';
const adminPassword = 'bench-admin-password-2026';

/** An admin's access token (ADMIN_EMAILS counts only a verified address); once per data folder. */
const adminClient = (service: ServiceProcess) =>
  signedInAccount(service, { email: adminEmail, password: adminPassword, displayName: 'Bench admin' });

type IngestionRun = ReturnType<typeof summarise> & { rounds_events_per_second: number[] };

/** Rounds per measurement: this shared VM's speed drifts by a fifth between runs, so report the median. */
const rounds = 3;

/** Measures `rounds` times and keeps the median round, with every round's events/s alongside. */
async function medianOfRounds(
  name: string,
  processes: number,
  service: ServiceProcess,
  options: Omit<LoadOptions, 'warmupMs'>,
  firstWarmupMs: number,
): Promise<IngestionRun> {
  const results = [];
  for (let round = 0; round < rounds; round += 1) {
    results.push(
      summarise(name, processes, await measure(service, { ...options, warmupMs: round === 0 ? firstWarmupMs : 1000 })),
    );
  }
  const sorted = [...results].sort((a, b) => a.events_per_second - b.events_per_second);
  const median = sorted[Math.floor(sorted.length / 2)] as ReturnType<typeof summarise>;
  return { ...median, rounds_events_per_second: results.map((result) => result.events_per_second) };
}

/** Anonymous and signed-in ingestion against the service run as `processes` processes. */
async function ingestionRuns(processes: number, connections: number): Promise<IngestionRun[]> {
  const service = await startServiceProcess(processes, serviceSettings);
  try {
    const { token } = await adminClient(service);
    const load = { url: service.url, connections, durationMs: 8000, eventLimit: null };
    // the first warm-up is long: each process needs its share of requests before V8 has optimised the hot path
    const anonymous = await medianOfRounds('anonymous visitors', processes, service, { ...load, token: null }, 12_000);
    const signedIn = await medianOfRounds('signed-in users', processes, service, { ...load, token }, 2000);
    return [anonymous, signedIn];
  } finally {
    await service.stop();
  }
}

const serviceSettings = {
  ANALYTICS_RATE_LIMIT_ANONYMOUS: '10000000',
  ANALYTICS_RATE_LIMIT_USER: '10000000',
  ADMIN_EMAILS: adminEmail,
};

async function main(): Promise<void> {
  const connections = 32;
  const cpus = os.availableParallelism();
  // one process per core is what SERVICE_PROCESSES=auto runs; one process is the default
  const runs = [...(await ingestionRuns(1, connections)), ...(await ingestionRuns(cpus, connections))];

  const service = await startServiceProcess(cpus, serviceSettings);
  let flush;
  try {
    const { api } = await adminClient(service);
    await runLoad({ url: service.url, token: null, connections, durationMs: 0, warmupMs: 0, eventLimit: 100_000 });
    const buffered = (await api.analytics.health()).bufferedEvents;
    const started = performance.now();
    const flushed = await api.analytics.flush();
    const durationMs = Math.round(performance.now() - started);
    const mongo = new MongoClient(await service.mongodbUri());
    try {
      const stored = await mongo
        .db('aurastream')
        .collection('analytics_events')
        .aggregate<{ total: number }>([{ $group: { _id: null, total: { $sum: '$count' } } }])
        .toArray();
      flush = {
        buffered_events: buffered,
        events_flushed: flushed.eventsFlushed,
        batches: flushed.batches,
        stored_in_mongodb: stored[0]?.total ?? 0,
        duration_ms: durationMs,
        events_per_second: Math.round((flushed.eventsFlushed / durationMs) * 1000),
      };
    } finally {
      await mongo.close();
    }
  } finally {
    await service.stop();
  }

  const results = {
    benchmark: 'analytics',
    date: new Date().toISOString(),
    machine: {
      cpus,
      model: os.cpus()[0]?.model ?? 'unknown',
      load_average: os.loadavg().map((value) => Math.round(value * 100) / 100),
    },
    ingestion: { batch_size: batchSize, connections, target_events_per_second: 50_000, runs },
    flush,
  };
  const markdown = [
    '# Analytics benchmark',
    '',
    `${results.date} · ${cpus} × ${results.machine.model} · load average at the end ${results.machine.load_average.join(' / ')}`,
    '',
    `## Ingestion (POST /api/v1/analytics, batches of ${batchSize}, ${connections} keep-alive clients; target 50,000 events/s)`,
    '',
    '| senders | service processes | events/s (median) | rounds | requests/s | p50 ms | p99 ms | failures | events per service CPU-second | load generator CPU µs/request |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (run) =>
        `| ${run.name} | ${run.service_processes} | ${run.events_per_second.toLocaleString('en-US')} | ${run.rounds_events_per_second.map((value) => value.toLocaleString('en-US')).join(' · ')} | ${run.requests_per_second} | ${run.latency_ms.p50} | ${run.latency_ms.p99} | ${run.failures} | ${run.events_per_service_cpu_second.toLocaleString('en-US')} | ${run.load_generator_cpu_us_per_request} |`,
    ),
    '',
    'The service runs as `npm start` runs it (`service/src/main.ts`, embedded MongoDB, its own Redis), with',
    `\`SERVICE_PROCESSES\` = 1 (the default) and ${cpus} (\`auto\`: one per core, node:cluster sharing the port). The`,
    'load generator (`bench/support/keep-alive-poster.ts`: raw keep-alive sockets writing prepared requests, like wrk)',
    'runs in another process on the same machine. "Events per service CPU-second" is the events divided by the CPU time',
    "of the service's node processes: what one core given to the service sustains, whatever else the machine was doing.",
    '',
    '## Flush',
    '',
    `${flush.events_flushed.toLocaleString('en-US')} buffered events flushed in ${flush.batches} batches in ` +
      `${flush.duration_ms} ms (${flush.events_per_second.toLocaleString('en-US')} events/s); ` +
      `MongoDB counts ${flush.stored_in_mongodb.toLocaleString('en-US')}.`,
    '',
  ].join('\n');
  await writeResults('analytics', results, markdown);
}

if (process.argv.includes('--load-generator')) {
  process.once('message', (options) => {
    void generateLoad(options as LoadOptions).then((result) => process.send?.(result, () => process.disconnect()));
  });
} else {
  await main();
}
