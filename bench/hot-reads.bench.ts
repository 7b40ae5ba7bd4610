/**
 * Hot read paths beside the framework's own speed: each route of the service is loaded with
 * autocannon (32 connections, in a child process) right after a bare Express application answering
 * `{"hello":"world"}` on the same machine with the same Node flags, and reported as a share of that
 * baseline's requests per second (issue 21's targets). Ingestion is measured the same way against a
 * bare Express route parsing the same JSON body. The service runs as `npm start` runs it, with one
 * process and with one per core (`SERVICE_PROCESSES=auto`); the event loop delay of its processes
 * under each load is read by a probe loaded with `--import` (`support/loop-delay-probe.ts`).
 *
 * Run: `npx tsx bench/hot-reads.bench.ts`. Settings: BENCH_SECONDS (per measurement, default 8),
 * BENCH_ROUNDS (default 2), BENCH_PROCESSES (`1`, `auto` or `1,auto`, the default),
 * BENCH_CPU_PROFILE_DIR (profile the one-process service with `--cpu-prof` into that folder),
 * BENCH_ROUTES (only the routes whose name holds this text, e.g. `brand-kits` to profile one).
 * Writes bench/results/hot-reads.{json,md}.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { connectTwitch, signedInAccount } from './support/accounts';
import { startBareExpress, type BareExpress } from './support/bare-express';
import { runLoad, type LoadRequest, type LoadResult } from './support/http-load';
import { processCpuSeconds, startServiceProcess, type ServiceProcess } from './support/service-process';
import { writeResults } from './support/results';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const connections = 32;
const cpus = os.availableParallelism();
const processCounts = (process.env.BENCH_PROCESSES ?? '1,auto')
  .split(',')
  .map((each) => (each.trim() === 'auto' ? cpus : Number(each)));
const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
const probe = fileURLToPath(new URL('./support/loop-delay-probe.ts', import.meta.url));

interface Route {
  name: string;
  /** Issue 21's share of the baseline's requests/s. */
  target: number | null;
  baseline: 'read' | 'ingest';
  request: Omit<LoadRequest, 'connections' | 'durationSeconds'>;
  expectedStatus: number;
}

interface Measurement {
  requests_per_second: number;
  latency_ms: LoadResult['latencyMs'];
  /** CPU time of the measured server's processes per request. */
  server_cpu_us_per_request: number;
  unexpected_responses: number;
  /** The worst p99 of the service's processes; null for the bare baseline. */
  event_loop_delay_p99_ms: number | null;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

function ingestBody(): string {
  const now = Date.now();
  return JSON.stringify({
    events: Array.from({ length: 50 }, (_unused, index) => ({
      event_name: `bench_event_${index % 7}`,
      category: 'user_action',
      properties: { path: '/dashboard/library', index },
      timestamp: new Date(now - 60_000 + index).toISOString(),
      session_id: 'bench-session',
    })),
  });
}

/** A viewer token as Twitch's extension helper hands it to the panel. */
function viewerToken(channelId: string, secret: string): Promise<string> {
  return new SignJWT({ channel_id: channelId, opaque_user_id: 'Ubenchviewer', role: 'viewer', is_unlinked: false })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(Math.floor(Date.now() / 1000) + 3600)
    .sign(new Uint8Array(Buffer.from(secret, 'base64')));
}

/** A streamer with one brand kit, a public emote and a connected channel; the routes that read them. */
async function prepareRoutes(service: ServiceProcess, twitch: FakeTwitch, secret: string): Promise<Route[]> {
  const { api, token } = await signedInAccount(service, {
    email: 'bench-streamer@example.test',
    password: 'bench-streamer-password-2026',
    displayName: 'Bench Streamer',
  });
  await api.brandKits.create({ body: { name: 'Neon', primaryColors: ['#8B5CF6'], accentColors: ['#EC4899'] } });
  const channel = twitch.addUser({ login: 'benchstreamer', display_name: 'Bench Streamer' });
  await connectTwitch(service.url, token);
  const queued = await api.twitch.generate({ body: { assetType: 'emote', customPrompt: 'bench hype emote' } });
  const deadline = Date.now() + 60_000;
  let job = await api.generation.getJob({ params: { id: queued.id } });
  while (job.status === 'queued' || job.status === 'processing') {
    if (Date.now() > deadline) {
      throw new Error('the bench emote was not generated within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    job = await api.generation.getJob({ params: { id: queued.id } });
  }
  const [generated] = (await api.generation.getJobAssets({ params: { id: job.id } })).assets;
  if (!generated) {
    throw new Error(`the bench emote is missing (job ${job.status})`);
  }
  // new assets are private until their owner shares them
  const asset = await api.assets.setVisibility({ params: { id: generated.id }, body: { isPublic: true } });
  const assetUrl = `${service.url}/api/v1/asset/${asset.id}`;
  const panelUrl = `${service.url}/api/v1/extension/panel`;
  const viewer = { authorization: `Bearer ${await viewerToken(channel.id, secret)}` };
  const etagOf = async (url: string, headers: Record<string, string> = {}) => {
    const response = await fetch(url, { headers });
    if (response.status !== 200) {
      throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
    }
    return response.headers.get('etag');
  };
  const assetEtag = await etagOf(assetUrl);
  const panelEtag = await etagOf(panelUrl, viewer);
  const bearer = { authorization: `Bearer ${token}` };
  return [
    {
      name: 'GET /health',
      target: 0.8,
      baseline: 'read',
      request: { url: `${service.url}/health` },
      expectedStatus: 200,
    },
    {
      name: 'GET /api/v1/brand-kits (signed in, one kit)',
      target: 0.5,
      baseline: 'read',
      request: { url: `${service.url}/api/v1/brand-kits`, headers: bearer },
      expectedStatus: 200,
    },
    {
      name: 'GET /api/v1/asset/{id} (public asset)',
      target: 0.7,
      baseline: 'read',
      request: { url: assetUrl },
      expectedStatus: 200,
    },
    {
      name: 'GET /api/v1/asset/{id}, If-None-Match → 304',
      target: 0.8,
      baseline: 'read',
      request: { url: assetUrl, headers: { 'if-none-match': assetEtag ?? '"none"' } },
      expectedStatus: 304,
    },
    {
      name: 'GET /api/v1/extension/panel (viewer, cached)',
      target: 0.8,
      baseline: 'read',
      request: { url: panelUrl, headers: viewer },
      expectedStatus: 200,
    },
    {
      name: 'GET /api/v1/extension/panel, If-None-Match → 304',
      target: 0.8,
      baseline: 'read',
      request: { url: panelUrl, headers: { ...viewer, 'if-none-match': panelEtag ?? '"none"' } },
      expectedStatus: panelEtag ? 304 : 200,
    },
    {
      name: 'POST /api/v1/analytics (50 events, anonymous)',
      target: null,
      baseline: 'ingest',
      request: {
        url: `${service.url}/api/v1/analytics`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: ingestBody(),
      },
      expectedStatus: 202,
    },
  ];
}

/** Event loop delay of the service's processes over a window, through the probe (SIGUSR2). */
async function readLoopDelay(service: ServiceProcess, probeDir: string): Promise<number> {
  const pids = service.pids();
  for (const pid of pids) {
    process.kill(pid, 'SIGUSR2');
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  let worst = 0;
  for (const pid of pids) {
    const stats = JSON.parse(await readFile(path.join(probeDir, `${pid}.json`), 'utf8').catch(() => '{}')) as {
      p99_ms?: number;
    };
    worst = Math.max(worst, stats.p99_ms ?? 0);
  }
  return worst;
}

async function measure(
  request: LoadRequest,
  expectedStatus: number,
  cpuSeconds: () => number,
  loopDelay: (() => Promise<number>) | null,
): Promise<Measurement> {
  await loopDelay?.();
  const cpuBefore = cpuSeconds();
  const result = await runLoad(request);
  const cpu = cpuSeconds() - cpuBefore;
  return {
    requests_per_second: result.requestsPerSecond,
    latency_ms: result.latencyMs,
    server_cpu_us_per_request: Math.round((cpu * 1e6) / Math.max(1, result.requests)),
    unexpected_responses:
      result.errors +
      Object.entries(result.statuses).reduce(
        (sum, [status, count]) => sum + (Number(status) === expectedStatus ? 0 : count),
        0,
      ),
    event_loop_delay_p99_ms: loopDelay ? await loopDelay() : null,
  };
}

interface RouteResult {
  route: string;
  target: number | null;
  /** Mean over rounds of the route's share of the baseline measured just before it. */
  ratio: number;
  /**
   * The same share per CPU-second (baseline CPU per request ÷ the route's): what one core given
   * to each server would deliver, whatever else the machine was running at the time.
   */
  cpu_ratio: number;
  rounds: { baseline: Measurement; route: Measurement; ratio: number; cpu_ratio: number }[];
}

async function runFor(processes: number, bare: BareExpress, twitch: FakeTwitch): Promise<RouteResult[]> {
  const secret = randomBytes(32).toString('base64');
  const probeDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-loop-probe-'));
  const profiling = profileDir !== undefined && processes === 1;
  const service = await startServiceProcess(
    processes,
    {
      ...twitch.serviceEnv,
      TWITCH_EXTENSION_SECRET: secret,
      TWITCH_EXTENSION_CLIENT_ID: 'benchextension01',
      EXTENSION_RATE_LIMIT_PER_VIEWER: '100000000/60',
      EXTENSION_RATE_LIMIT_PER_IP: '100000000/60',
      ANALYTICS_RATE_LIMIT_ANONYMOUS: '10000000',
      BENCH_LOOP_PROBE_DIR: probeDir,
    },
    { nodeArgs: ['--import', probe, ...(profiling ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])] },
  );
  try {
    const only = process.env.BENCH_ROUTES;
    const routes = (await prepareRoutes(service, twitch, secret)).filter((route) => !only || route.name.includes(only));
    const baselines = {
      read: { request: { url: `${bare.url}/hello` }, status: 200 },
      ingest: {
        request: {
          url: `${bare.url}/ingest`,
          method: 'POST' as const,
          headers: { 'content-type': 'application/json' },
          body: ingestBody(),
        },
        status: 202,
      },
    };
    const bareCpu = () => processCpuSeconds(bare.pid);
    // the service's node processes (the embedded MongoDB is in the primary) and its Redis server
    const serviceCpu = () => service.cpuSeconds() + service.redisCpuSeconds();
    const loopDelay = () => readLoopDelay(service, probeDir);
    // warm-up: each process needs its share of requests before V8 has optimised the hot paths
    for (const route of routes) {
      await runLoad({ ...route.request, connections, durationSeconds: 2 });
    }
    const results: RouteResult[] = routes.map((route) => ({
      route: route.name,
      target: route.target,
      ratio: 0,
      cpu_ratio: 0,
      rounds: [],
    }));
    for (let roundIndex = 0; roundIndex < rounds; roundIndex += 1) {
      for (const [index, route] of routes.entries()) {
        const load = { connections, durationSeconds: seconds };
        const baselineSpec = baselines[route.baseline];
        const baseline = await measure({ ...baselineSpec.request, ...load }, baselineSpec.status, bareCpu, null);
        const measured = await measure({ ...route.request, ...load }, route.expectedStatus, serviceCpu, loopDelay);
        const ratio = round2(measured.requests_per_second / Math.max(1, baseline.requests_per_second));
        const cpuRatio = round2(baseline.server_cpu_us_per_request / Math.max(1, measured.server_cpu_us_per_request));
        results[index]?.rounds.push({ baseline, route: measured, ratio, cpu_ratio: cpuRatio });
        process.stdout.write(
          `[${processes} process(es)] ${route.name}: ${measured.requests_per_second}/s vs ${baseline.requests_per_second}/s = ${ratio} (per CPU-second ${cpuRatio})\n`,
        );
      }
    }
    return results.map((result) => ({
      ...result,
      ratio: round2(mean(result.rounds.map((each) => each.ratio))),
      cpu_ratio: round2(mean(result.rounds.map((each) => each.cpu_ratio))),
    }));
  } finally {
    await service.stop();
    await rm(probeDir, { recursive: true, force: true });
  }
}

function markdownFor(processes: number, results: RouteResult[]): string[] {
  const cell = (measurement: Measurement) =>
    `${measurement.requests_per_second.toLocaleString('en-US')} | ${measurement.latency_ms.p50} / ${measurement.latency_ms.p95} / ${measurement.latency_ms.p99} | ${measurement.server_cpu_us_per_request}`;
  return [
    `## ${processes === 1 ? 'One service process' : `SERVICE_PROCESSES=auto (${processes} processes)`}`,
    '',
    '| route | share of baseline | per CPU-second | target | round | requests/s | p50 / p95 / p99 ms | server CPU µs/request | baseline requests/s | baseline p50 / p95 / p99 ms | baseline CPU µs/request | event loop delay p99 ms | unexpected responses |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |',
    ...results.flatMap((result) =>
      result.rounds.map(
        (each, index) =>
          `| ${index === 0 ? result.route : ''} | ${index === 0 ? `**${result.ratio}**` : ''} | ${index === 0 ? `**${result.cpu_ratio}**` : ''} | ${index === 0 && result.target !== null ? `≥ ${result.target} ${result.ratio >= result.target ? '✓' : '✗'}` : ''} | ${index + 1} (${each.ratio} / ${each.cpu_ratio}) | ${cell(each.route)} | ${cell(each.baseline)} | ${each.route.event_loop_delay_p99_ms} | ${each.route.unexpected_responses} |`,
      ),
    ),
    '',
  ];
}

async function main(): Promise<void> {
  const twitch = await startFakeTwitch();
  const bare = await startBareExpress();
  const runs: { processes: number; routes: RouteResult[] }[] = [];
  try {
    for (const processes of processCounts) {
      runs.push({ processes, routes: await runFor(processes, bare, twitch) });
    }
  } finally {
    await bare.stop();
    await twitch.stop();
  }
  const load = os.loadavg().map((value) => round2(value));
  const result = {
    benchmark: 'hot-reads',
    date: new Date().toISOString(),
    machine: { cpus, model: os.cpus()[0]?.model ?? 'unknown', node: process.version, load_average_at_end: load },
    connections,
    seconds_per_measurement: seconds,
    rounds,
    runs,
  };
  const markdown = [
    '# Hot read paths vs a bare Express route',
    '',
    `${result.date} · ${cpus} × ${result.machine.model} · Node ${process.version} · load average at the end ${load.join(' / ')}`,
    '',
    `autocannon, ${connections} connections, ${seconds} s per measurement, ${rounds} rounds, the client in its own process on the same machine. ` +
      'Each route is measured right after its baseline (a bare Express app in its own process, same Node flags: ' +
      '`GET /hello` answering `{"hello":"world"}`, or for ingestion `POST /ingest` parsing the same JSON body); ' +
      '"share of baseline" is the mean over rounds of route requests/s ÷ baseline requests/s; "per CPU-second" is the same ' +
      "share from CPU time (baseline CPU µs/request ÷ the route's), what one core given to each would deliver: on this " +
      "shared 2-core machine other engineers' builds and tests swing the wall-clock rates between measurements, the CPU per request much less. " +
      "Server CPU µs/request is the CPU time of the measured server's processes per request (for the service: its node processes, " +
      'with the embedded MongoDB in the primary, and its Redis server). The service runs as `npm start` runs it ' +
      "(embedded MongoDB, its own Redis) with issue 21's settings; rate limits are raised so the load is never refused.",
    '',
    ...runs.flatMap((run) => markdownFor(run.processes, run.routes)),
  ].join('\n');
  await writeResults('hot-reads', result, markdown);
}

await main();
