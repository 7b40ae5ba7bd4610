/**
 * EventSub benchmark: channel-point redemptions delivered to `POST /api/v1/twitch/eventsub`,
 * verified (HMAC over the raw body, timestamp window), deduplicated (Redis `SET NX`), stored
 * (`eventsub_deliveries`, inserts batched across concurrent deliveries) and acknowledged, then
 * drained into ideas (the redemption recorded, the ideas rules, the idea created in the streamer's
 * approval queue, its live event), per second, with one service process; beside it, in the same
 * run and process, a bare Express route given the same requests; and the same deliveries sent again
 * (every one a duplicate). The reward is a real one, made through the API against the fake Twitch,
 * and every delivery is a different viewer's redemption, so each must become exactly one idea. The
 * load comes from keep-alive connections in a child process (requests signed in advance).
 * Target: ≥ 1,000 deliveries per second turned into ideas.
 * Each layout runs at two offered loads: 16 connections, and 64. A delivery is acknowledged once it is
 * stored (a journaled insert shared by the deliveries that arrived together), so a connection sends at
 * most 1 / (acknowledgement latency) deliveries a second: 16 connections at ~17 ms cap the rate near
 * 940/s whatever the service could take. Twitch opens as many connections as it needs; 64 offer more
 * than one service process takes, so that row measures the process, not the load generator.
 * Every process's CPU is counted (the service, the backing process, Redis, the load generator), and
 * the rate is given beside this machine's bound: cores / CPU per delivery summed over them all.
 * Two layouts, each in a fresh process: `single`, the service holding the embedded MongoDB and the
 * fake Twitch as `npm start` runs by default, and `split`, those two in a process of their own as in
 * production, whose CPU is reported apart.
 * Run: `npm run bench -- eventsub` (BENCH_DELIVERIES, default 3000; BENCH_CONNECTIONS, default `16,64`;
 * BENCH_LAYOUT, `single`, `split` or `single,split` (the default); BENCH_PROFILE=<file.cpuprofile>
 * profiles the measured deliveries into <file>.<layout>.cpuprofile, and the split layout's MongoDB
 * process into <file>.split-db.cpuprofile, for bench/cpu-profile-summary.ts).
 * Writes bench/results/eventsub.{json,md}.
 */
import { fork } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { startFakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, stopSharedInfrastructure } from '@aurastream/service/testing';
import { connectedStreamer, type FakeTwitchAccounts } from '../test/channel-points/support';
import { startBackingServices } from './support/backing-services-process';
import { startCpuProfile } from './support/cpu-profiler';
import { KeepAliveConnection, preparePost } from './support/keep-alive-poster';
import { writeResults, mainOrLoadGenerator, runFacts } from './support/results';

const deliveries = Number(process.env.BENCH_DELIVERIES ?? 3000);
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '16,64').split(',').map(Number);
const connectionsArgument = process.argv.indexOf('--connections');
/** The offered load of this run: a layout's child process and its load generator are given it. */
const connections = connectionsArgument >= 0 ? Number(process.argv[connectionsArgument + 1]) : connectionCounts[0]!;
const target = 1000;

interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

interface LoadOptions {
  url: string;
  requests: SignedRequest[];
}

interface LoadResult {
  requests: number;
  failures: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  latenciesMs: number[];
  /** The load generator's own CPU while it sent. */
  cpuMs: number;
}

/**
 * The load generator (child process): every request once, one at a time per keep-alive connection.
 * It prepares the requests and opens its connections first, and tells its parent, which starts its
 * clock and CPU count and then says go: neither the fork nor the requests' transfer is measured.
 */
async function generateLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const prepared = options.requests.map((request) => preparePost(url, request.body, request.headers));
  const sockets = await Promise.all(Array.from({ length: connections }, () => KeepAliveConnection.open(url)));
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.send?.('ready');
  });
  const result: LoadResult = {
    requests: prepared.length,
    failures: 0,
    statuses: {},
    elapsedMs: 0,
    latenciesMs: [],
    cpuMs: 0,
  };
  let next = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    sockets.map(async (socket) => {
      for (let index = next++; index < prepared.length; index = next++) {
        const begin = performance.now();
        const status = await socket.send(prepared[index]!);
        result.latenciesMs.push(performance.now() - begin);
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
        if (status !== 204) {
          result.failures += 1;
        }
      }
    }),
  );
  result.elapsedMs = performance.now() - started;
  result.cpuMs = cpuMsSince(cpuBefore);
  sockets.forEach((socket) => socket.close());
  return result;
}

/** A load generator ready to send (forked, requests received, connections open): `run` sends them. */
async function prepareLoad(options: LoadOptions): Promise<{ run(): Promise<LoadResult> }> {
  const child = fork(fileURLToPath(import.meta.url), ['--load-generator', '--connections', String(connections)], {
    stdio: 'inherit',
  });
  const failed = new Promise<never>((_resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
  });
  failed.catch(() => undefined);
  const nextMessage = () => Promise.race([new Promise((resolve) => child.once('message', resolve)), failed]);
  const ready = nextMessage();
  child.send(options);
  await ready;
  return {
    async run() {
      const result = nextMessage();
      child.send('go');
      return (await result) as LoadResult;
    },
  };
}

async function runLoad(options: LoadOptions): Promise<LoadResult> {
  return (await prepareLoad(options)).run();
}

/** A redemption of the streamer's reward by a viewer of its own, signed as Twitch signs it. */
function redemption(secret: string, channel: string, rewardId: string, viewer: string): SignedRequest {
  const messageId = randomUUID();
  const timestamp = new Date().toISOString();
  const body = JSON.stringify({
    subscription: {
      id: randomUUID(),
      type: 'channel.channel_points_custom_reward_redemption.add',
      version: '1',
      status: 'enabled',
      condition: { broadcaster_user_id: channel, reward_id: rewardId },
      transport: { method: 'webhook', callback: 'https://example.test/api/v1/twitch/eventsub' },
      created_at: timestamp,
    },
    event: {
      id: randomUUID(),
      broadcaster_user_id: channel,
      broadcaster_user_login: 'benchstreamer',
      broadcaster_user_name: 'BenchStreamer',
      user_id: viewer,
      user_login: `viewer${viewer}`,
      user_name: `Viewer${viewer}`,
      user_input: `a cat in sunglasses, take ${viewer}`,
      status: 'unfulfilled',
      reward: { id: rewardId, title: 'Suggest an emote', cost: 1000, prompt: '' },
      redeemed_at: timestamp,
    },
  });
  const signature = createHmac('sha256', secret)
    .update(messageId + timestamp + body)
    .digest('hex');
  return {
    body,
    headers: {
      'Twitch-Eventsub-Message-Id': messageId,
      'Twitch-Eventsub-Message-Timestamp': timestamp,
      'Twitch-Eventsub-Message-Signature': `sha256=${signature}`,
      'Twitch-Eventsub-Message-Type': 'notification',
      'Twitch-Eventsub-Message-Retry': '0',
      'Twitch-Eventsub-Subscription-Type': 'channel.channel_points_custom_reward_redemption.add',
      'Twitch-Eventsub-Subscription-Version': '1',
    },
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Redis's CPU seconds so far (user and system), from `INFO cpu`. */
async function redisCpuSeconds(redis: { info(section: string): Promise<string> }): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}
const cpuMsSince = (before: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};

function summarise(result: LoadResult, cpuMs: number) {
  const latencies = [...result.latenciesMs].sort((a, b) => a - b);
  const percentile = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return {
    requests: result.requests,
    failures: result.failures,
    statuses: result.statuses,
    per_second: Math.round((result.requests / result.elapsedMs) * 1000),
    per_service_cpu_second: Math.round(result.requests / (cpuMs / 1000)),
    p50_ms: percentile(0.5),
    p99_ms: percentile(0.99),
  };
}

type Layout = 'single' | 'split';

const layoutNames: Record<Layout, string> = {
  single: 'one process: the service with the embedded MongoDB and the fake Twitch (as `npm start` runs by default)',
  split: 'the service alone; the embedded MongoDB and the fake Twitch in a process of their own (as in production)',
};

/** The fake Twitch and, in the split layout, the embedded MongoDB: where they run and what they cost. */
interface Backing {
  twitch: FakeTwitchAccounts & { settle(): Promise<void> };
  twitchEnv: Record<string, string>;
  /** CPU seconds of the backing services' own process (0 when they share the service's). */
  cpuSeconds(): number;
  profile(): Promise<void>;
  stopProfile(file: string): Promise<void>;
  stop(): Promise<void>;
}

async function startBacking(layout: Layout): Promise<Backing> {
  if (layout === 'split') {
    const backing = await startBackingServices();
    // the service's MongoDB is the backing process's: the shared infrastructure then starts only Redis
    process.env.MONGODB_URI = backing.mongoUri;
    return {
      twitch: backing,
      twitchEnv: backing.twitchEnv,
      cpuSeconds: () => backing.cpuSeconds(),
      profile: () => backing.profile(),
      stopProfile: (file) => backing.stopProfile(file),
      stop: () => backing.stop(),
    };
  }
  const twitch = await startFakeTwitch();
  return {
    twitch: {
      addUser: (input) => twitch.addUser(input),
      authorizeAs: (id) => twitch.authorizeAs(id),
      settle: () => twitch.eventSub.settle(),
    },
    twitchEnv: twitch.serviceEnv,
    cpuSeconds: () => 0,
    profile: async () => undefined,
    stopProfile: async () => undefined,
    stop: () => twitch.stop(),
  };
}

/** `BENCH_PROFILE=x.cpuprofile` → `x.<layout>.cpuprofile` (and `x.split-db.cpuprofile`). */
const profileFile = (suffix: string) => process.env.BENCH_PROFILE!.replace(/(\.cpuprofile)?$/, `.${suffix}.cpuprofile`);

/** One layout's run, in a process of its own (so neither layout's heap or servers weigh on the other). */
async function measureLayout(layout: Layout) {
  const secret = `bench-eventsub-secret-${randomUUID()}`;
  const backing = await startBacking(layout);
  const app = await startTestService({ ...backing.twitchEnv, TWITCH_EVENTSUB_SECRET: secret, LOG_LEVEL: 'warn' });
  try {
    const streamer = await connectedStreamer(app, backing.twitch);
    await streamer.api.ideas.updateSettings({ body: { cooldownSeconds: 0, onePendingPerViewer: false } });
    const rewardId = (await streamer.api.channelPoints.update({ body: { enabled: true, globalCooldownSeconds: 0 } }))
      .twitchRewardId!;
    await backing.twitch.settle();
    const db = app.service.infra.mongo.connection.db!;
    const redeem = (count: number, from: number) =>
      Array.from({ length: count }, (_, index) =>
        redemption(secret, streamer.twitchUserId, rewardId, String(5_000_000 + from + index)),
      );
    const callback = `${app.url}/api/v1/twitch/eventsub`;

    // the bare route: the same requests, parsed as JSON and answered 204, on a server in this process
    const bare = express();
    bare.use(express.json());
    bare.post('/bare', (_request, response) => {
      response.status(204).end();
    });
    const server = bare.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const bareUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bare`;

    // a phase's deliveries are the only ones: it is drained when none is pending. Polled through the
    // drain's own index ({status, available_at}): a count (an aggregate over the whole collection in
    // the embedded MongoDB) cost 60 ms of the measured service CPU per poll
    const deliveriesCollection = db.collection('eventsub_deliveries');
    const pendingQuery = { status: 'pending', available_at: { $gte: new Date(0) } };
    const pendingCount = async () =>
      (await deliveriesCollection.find(pendingQuery, { projection: { _id: 1 } }).toArray()).length;
    const pending = async () =>
      (await deliveriesCollection.findOne(pendingQuery, { projection: { _id: 1 } })) === null ? 0 : 1;
    const messageIds = (requests: SignedRequest[]) =>
      requests.map((request) => request.headers['Twitch-Eventsub-Message-Id']!);
    async function untilDrained(): Promise<void> {
      const deadline = Date.now() + 300_000;
      while ((await pending()) > 0) {
        if (Date.now() > deadline) {
          throw new Error('deliveries were not drained within 5 minutes');
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }

    // warm-up: both routes, and a drain
    const warmup = redeem(300, 0);
    await runLoad({ url: callback, requests: warmup });
    await untilDrained();
    await runLoad({ url: bareUrl, requests: redeem(300, 0) });

    const fresh = redeem(deliveries, 1_000_000);
    const ids = messageIds(fresh);
    const profiler = process.env.BENCH_PROFILE ? await startCpuProfile() : null;
    if (profiler) {
      await backing.profile();
    }
    // each phase's load generator is forked and handed its requests before the clocks and CPU counts
    // start: the rates and CPU figures are the deliveries', not the fork's or the requests' transfer
    const freshLoad = await prepareLoad({ url: callback, requests: fresh });
    const redis = app.service.infra.redis;
    const redisCpuBefore = await redisCpuSeconds(redis);
    let cpuBefore = process.cpuUsage();
    let backingCpuBefore = backing.cpuSeconds();
    const startedAt = performance.now();
    const acceptedLoad = await freshLoad.run();
    const acceptCpuMs = cpuMsSince(cpuBefore);
    const settledAtAck = deliveries - (await pendingCount());
    await untilDrained();
    const drainedMs = performance.now() - startedAt;
    const drainCpuMs = cpuMsSince(cpuBefore);
    const drainBackingCpuMs = (backing.cpuSeconds() - backingCpuBefore) * 1000;
    const drainRedisCpuMs = ((await redisCpuSeconds(redis)) - redisCpuBefore) * 1000;
    if (profiler) {
      await profiler.stop(profileFile(layout));
      await backing.stopProfile(profileFile(`${layout}-db`));
    }

    const duplicatesLoad = await prepareLoad({ url: callback, requests: fresh });
    cpuBefore = process.cpuUsage();
    backingCpuBefore = backing.cpuSeconds();
    const duplicateLoad = await duplicatesLoad.run();
    const duplicateCpuMs = cpuMsSince(cpuBefore);
    const duplicateBackingCpuMs = (backing.cpuSeconds() - backingCpuBefore) * 1000;

    const bareRequests = await prepareLoad({ url: bareUrl, requests: redeem(deliveries, 1_000_000) });
    cpuBefore = process.cpuUsage();
    const bareLoad = await bareRequests.run();
    const bareCpuMs = cpuMsSince(cpuBefore);
    server.close();

    // exact: one processed delivery, one redemption and one pending idea per delivery
    const redemptionIds = fresh.map((request) => (JSON.parse(request.body) as { event: { id: string } }).event.id);
    const processed = await db
      .collection('eventsub_deliveries')
      .countDocuments({ _id: { $in: ids as never[] }, status: 'processed' });
    const redemptions = await db
      .collection('channel_point_redemptions')
      .countDocuments({ twitch_redemption_id: { $in: redemptionIds } });
    const ideas = await db.collection('ideas').countDocuments({ 'redemption.redemption_id': { $in: redemptionIds } });

    const accepted = summarise(acceptedLoad, acceptCpuMs);
    const duplicates = summarise(duplicateLoad, duplicateCpuMs);
    const baseline = summarise(bareLoad, bareCpuMs);
    const intoIdeasPerSecond = Math.round((deliveries / drainedMs) * 1000);
    const intoIdeasPerCpuSecond = Math.round(deliveries / (drainCpuMs / 1000));
    const exact = processed === deliveries && redemptions === deliveries && ideas === deliveries;
    // every process on this machine that worked for the deliveries, and the rate that CPU allows
    const machineCpuMs = drainCpuMs + drainBackingCpuMs + drainRedisCpuMs + acceptedLoad.cpuMs;
    const cores = os.availableParallelism();
    const machineBound = Math.round((deliveries / machineCpuMs) * 1000 * cores);
    return {
      layout,
      connections,
      accepted_deliveries: accepted,
      settled_when_the_last_was_acknowledged: settledAtAck,
      into_ideas: {
        per_second: intoIdeasPerSecond,
        per_service_cpu_second: intoIdeasPerCpuSecond,
        service_cpu_ms_per_delivery: round(drainCpuMs / deliveries),
        database_process_cpu_ms_per_delivery: layout === 'split' ? round(drainBackingCpuMs / deliveries) : null,
        redis_cpu_ms_per_delivery: round(drainRedisCpuMs / deliveries),
        load_generator_cpu_ms_per_delivery: round(acceptedLoad.cpuMs / deliveries),
        machine_cpu_ms_per_delivery: round(machineCpuMs / deliveries),
        machine_bound_per_second: machineBound,
        share_of_machine_bound: round(intoIdeasPerSecond / machineBound),
        cores,
        seconds: round(drainedMs / 1000),
      },
      duplicate_deliveries: {
        ...duplicates,
        database_process_cpu_ms_per_delivery: layout === 'split' ? round(duplicateBackingCpuMs / deliveries) : null,
      },
      bare_express_route: baseline,
      into_ideas_share_of_bare_route: round(intoIdeasPerSecond / baseline.per_second),
      into_ideas_cpu_share_of_bare_route: round(intoIdeasPerCpuSecond / baseline.per_service_cpu_second),
      exactness: { deliveries, processed, redemptions, ideas, exact },
      target_met: intoIdeasPerSecond >= target && accepted.failures === 0 && exact,
    };
  } finally {
    await app.stop();
    await backing.stop();
    await stopSharedInfrastructure();
  }
}

type LayoutResult = Awaited<ReturnType<typeof measureLayout>>;

/** Runs a layout in a child process (this file with `--layout <name>`) and answers its result. */
function measureInChild(layout: Layout, offered: number): Promise<LayoutResult> {
  return new Promise((resolve, reject) => {
    // with the V8 flag `npm start` gives the service (scripts/bootstrap.mjs)
    const child = fork(fileURLToPath(import.meta.url), ['--layout', layout, '--connections', String(offered)], {
      execArgv: [...process.execArgv, '--max-semi-space-size=64'],
      stdio: 'inherit',
    });
    child.once('message', (message) => resolve(message as LayoutResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`the ${layout} layout's run exited with ${code}`));
      }
    });
  });
}

function layoutMarkdown(run: LayoutResult): string[] {
  const row = (name: string, stats: LayoutResult['accepted_deliveries']) =>
    `| ${name} | ${stats.per_second} | ${stats.per_service_cpu_second} | ${stats.p50_ms} | ${stats.p99_ms} | ${stats.requests} | ${stats.failures} |`;
  const { into_ideas: ideas, exactness } = run;
  const database =
    ideas.database_process_cpu_ms_per_delivery === null
      ? 'The service process also holds the embedded MongoDB and the fake Twitch, so their CPU is counted in it'
      : `The MongoDB and fake Twitch process used ${ideas.database_process_cpu_ms_per_delivery} ms of CPU per delivery ` +
        `besides (${run.duplicate_deliveries.database_process_cpu_ms_per_delivery} ms per duplicate), not counted in the service's`;
  return [
    `## ${layoutNames[run.layout]}, ${run.connections} connections`,
    '',
    '| | per second (wall) | per service CPU second | p50 ms | p99 ms | requests | failures |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('new deliveries: verified, deduplicated, stored, acknowledged', run.accepted_deliveries),
    `| **the same deliveries turned into ideas** (first request sent → last delivery settled) | **${ideas.per_second}** | **${ideas.per_service_cpu_second}** | | | ${exactness.deliveries} | ${exactness.deliveries - exactness.processed} |`,
    row('the same deliveries again: verified, recognised as duplicates', run.duplicate_deliveries),
    row('bare Express route (same requests, JSON parsed, 204)', run.bare_express_route),
    '',
    `Deliveries became ideas at **${Math.round(run.into_ideas_share_of_bare_route * 100)}%** of the bare route's ` +
      `rate (${Math.round(run.into_ideas_cpu_share_of_bare_route * 100)}% per CPU second; ` +
      `**${ideas.service_cpu_ms_per_delivery} ms of service CPU per delivery**, acknowledging and draining); ` +
      `${run.target_met ? 'target met' : 'target missed'}. ${database}. ` +
      `${run.settled_when_the_last_was_acknowledged} of ${exactness.deliveries} were already ideas when the last one was acknowledged. ` +
      `The whole machine spent ${ideas.machine_cpu_ms_per_delivery} ms of CPU per delivery (Redis ${ideas.redis_cpu_ms_per_delivery} ms, ` +
      `the load generator ${ideas.load_generator_cpu_ms_per_delivery} ms): ${ideas.cores} cores allow ${ideas.machine_bound_per_second}/s, ` +
      `and the run reached ${Math.round(ideas.share_of_machine_bound * 100)}% of that. ` +
      `Exactness: ${exactness.deliveries} deliveries, ${exactness.processed} processed, ${exactness.redemptions} redemptions, ` +
      `${exactness.ideas} ideas${exactness.exact ? ' — one each' : ' — MISMATCH'}.`,
    '',
  ];
}

async function main(): Promise<void> {
  const layoutArgument = process.argv.indexOf('--layout');
  if (layoutArgument >= 0) {
    const result = await measureLayout(process.argv[layoutArgument + 1] as Layout);
    process.send?.(result, () => process.exit(0));
    return;
  }
  const layouts = (process.env.BENCH_LAYOUT ?? 'single,split').split(',') as Layout[];
  const runs: LayoutResult[] = [];
  for (const layout of layouts) {
    for (const offered of connectionCounts) {
      runs.push(await measureInChild(layout, offered));
    }
  }
  const load = os.loadavg().map((value) => value.toFixed(2));
  const result = {
    ...runFacts(),
    load_average_at_end: load,
    connections: connectionCounts,
    deliveries,
    target_per_second: target,
    layouts: runs,
  };
  const markdown = [
    '# EventSub benchmark',
    '',
    `${result.date} · ${result.machine} · Node ${result.node} · load average at the end ${load.join(' / ')}`,
    '',
    `Channel-point redemptions to POST /api/v1/twitch/eventsub, one service process, ${connectionCounts.join(' and ')} keep-alive ` +
      `connections; target ≥ ${target} ideas/s. Each delivery is a different viewer redeeming the streamer's real ` +
      'reward: verified, claimed in Redis, stored (inserts batched across concurrent deliveries), acknowledged, then ' +
      'drained in leased batches: the reward looked up, the redemption recorded, the ideas rules applied, the idea ' +
      'numbered, created and announced, the delivery settled. Redis is its own process; the load generator runs in ' +
      "a child process; their CPU is counted in the machine figures, not the service's. A delivery is acknowledged " +
      'once stored, so a connection sends at most one per acknowledgement latency: 16 connections cap the rate ' +
      'near 16 / p50, whatever the service could take; 64 offer more than one service process takes (Twitch opens ' +
      `as many connections as it needs). A 300-delivery warm-up precedes the measured ${deliveries}. Each layout ` +
      'runs in a fresh process, with the V8 flag `npm start` gives the service (`--max-semi-space-size=64`).',
    '',
    '| layout | connections | ideas/s (wall) | service CPU ms per delivery | machine CPU ms per delivery | machine bound /s | share of bound | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...runs.map(
      (run) =>
        `| ${run.layout} | ${run.connections} | **${run.into_ideas.per_second}** | ${run.into_ideas.service_cpu_ms_per_delivery} | ` +
        `${run.into_ideas.machine_cpu_ms_per_delivery} | ${run.into_ideas.machine_bound_per_second} | ` +
        `${Math.round(run.into_ideas.share_of_machine_bound * 100)}% | ${run.target_met ? 'met' : 'missed'} |`,
    ),
    '',
    ...runs.flatMap(layoutMarkdown),
  ].join('\n');
  await writeResults('eventsub', result, markdown);
}

await mainOrLoadGenerator(main, generateLoad);
