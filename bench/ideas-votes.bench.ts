/**
 * Votes benchmark (issue 15): viewers' votes per second through the real panel endpoint,
 * `POST /api/v1/extension/ideas/{id}/vote`, of a real service with one process (started as
 * `npm start` runs it: embedded MongoDB, its own Redis), beside a bare Express route measured in the
 * same run (`POST /vote/:id` answering a small JSON body, in its own process).
 *
 * Every vote is a distinct viewer's, with its own signed extension JWT (HS256 with the extension's
 * secret, as Twitch's helper hands it to the panel): the tokens are signed before the measured phase,
 * so every vote pays a first-time token verification, the per-IP, per-viewer and per-channel limits,
 * the vote, its live event and its write-behind to MongoDB. Votes are spread over 20 pending ideas
 * of one channel; the limits are raised so that no vote is refused. The load comes from keep-alive
 * connections in a child process (one request at a time each); phases alternate so the machine's
 * other load weighs on both alike. At the end every vote answered 200 (warm-up ones too) is checked:
 * counted once in Redis (the idea's count and its voter set), on the idea in MongoDB, and as one
 * `idea_votes` row.
 *
 * Run: `flock /work/notes/bench.lock npx tsx bench/ideas-votes.bench.ts` (or `npm run bench --
 * ideas-votes`). Settings: BENCH_SECONDS per phase (default 4), BENCH_ROUNDS (default 2),
 * BENCH_CPU_PROFILE_DIR (profile the service with `--cpu-prof` into that folder; read it with
 * `bench/cpu-profile-summary.ts`). Writes bench/results/ideas-votes.{json,md}.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { startFakeTwitch } from '@aurastream/fake-twitch';
import { connectTwitch, signedInAccount } from './support/accounts';
import { startBareExpress } from './support/bare-express';
import { KeepAliveConnection, preparePost, type PreparedRequest } from './support/keep-alive-poster';
import { processCpuSeconds, startServiceProcess, type ServiceProcess } from './support/service-process';
import { mainOrLoadGenerator, writeResults, runFacts } from './support/results';

const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
const warmupMs = 1000;
const connections = 16;
const ideaCount = 20;
const targetVotesPerSecond = 5000;
/** Tokens signed per phase: more votes than the phase can take at this rate. */
const maxVotesPerSecond = 12_000;

interface LoadOptions {
  /** `{id}` stands for the idea's id. */
  urlTemplate: string;
  ideaIds: string[];
  channelId: string;
  /** The extension secret (base64), to sign each viewer's token. */
  secret: string;
  /** Distinct viewers: a prefix per phase. */
  viewerPrefix: string;
  durationMs: number;
  warmupMs: number;
}

interface LoadResult {
  requests: number;
  failures: number;
  statuses: Record<string, number>;
  /** Answered 200, warm-up included (each is a vote that must be stored). */
  okIncludingWarmup: number;
  elapsedMs: number;
  latenciesMs: number[];
  /** The phase ran out of prepared votes before its end (the rate is then a lower bound). */
  ranOut: boolean;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A viewer's extension JWT as Twitch's helper hands it to the panel (HS256, the base64-decoded secret). */
function viewerToken(secret: Buffer, channelId: string, opaqueUserId: string, expSeconds: number): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({
      exp: expSeconds,
      opaque_user_id: opaqueUserId,
      channel_id: channelId,
      role: 'viewer',
      is_unlinked: false,
      pubsub_perms: { listen: ['broadcast', 'global'], send: [] },
    }),
  );
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The load generator (child process): signs every viewer's vote first, then one request at a time per connection. */
async function generateLoad(options: LoadOptions): Promise<LoadResult> {
  const secret = Buffer.from(options.secret, 'base64');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const count = Math.ceil(((options.durationMs + options.warmupMs) / 1000) * maxVotesPerSecond);
  const prepared: PreparedRequest[] = Array.from({ length: count }, (_, index) => {
    const ideaId = options.ideaIds[index % options.ideaIds.length]!;
    const token = viewerToken(secret, options.channelId, `${options.viewerPrefix}${index}`, exp);
    // a vote has no body: the panel's fetch sends Content-Length: 0
    return preparePost(new URL(options.urlTemplate.replace('{id}', ideaId)), '', {
      authorization: `Bearer ${token}`,
    });
  });
  const target = new URL(options.urlTemplate);
  const sockets = await Promise.all(Array.from({ length: connections }, () => KeepAliveConnection.open(target)));
  const result: LoadResult = {
    requests: 0,
    failures: 0,
    statuses: {},
    okIncludingWarmup: 0,
    elapsedMs: 0,
    latenciesMs: [],
    ranOut: false,
  };
  let started = performance.now();
  const warmupEnds = started + options.warmupMs;
  const deadline = warmupEnds + options.durationMs;
  let measuring = false;
  let sent = 0;
  await Promise.all(
    sockets.map(async (socket) => {
      for (;;) {
        const now = performance.now();
        if (now >= deadline) {
          return;
        }
        if (!measuring && now >= warmupEnds) {
          measuring = true;
          started = now;
        }
        const request = prepared[sent++];
        if (!request) {
          result.ranOut = true;
          return;
        }
        const begin = performance.now();
        const status = await socket.send(request);
        result.okIncludingWarmup += status === 200 ? 1 : 0;
        if (!measuring) {
          continue;
        }
        result.latenciesMs.push(performance.now() - begin);
        result.requests += 1;
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
        if (status !== 200) {
          result.failures += 1;
        }
      }
    }),
  );
  result.elapsedMs = performance.now() - started;
  sockets.forEach((socket) => socket.close());
  return result;
}

function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
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

const round = (value: number) => Math.round(value * 100) / 100;

type Phase = LoadResult & { cpuSeconds: number };

function summarise(results: Phase[]) {
  const requests = results.reduce((sum, result) => sum + result.requests, 0);
  const failures = results.reduce((sum, result) => sum + result.failures, 0);
  const elapsedMs = results.reduce((sum, result) => sum + result.elapsedMs, 0);
  const cpuSeconds = results.reduce((sum, result) => sum + result.cpuSeconds, 0);
  const latencies = results.flatMap((result) => result.latenciesMs).sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  const statuses: Record<string, number> = {};
  for (const result of results) {
    for (const [status, count] of Object.entries(result.statuses)) {
      statuses[status] = (statuses[status] ?? 0) + count;
    }
  }
  return {
    requests,
    failures,
    statuses,
    per_second: Math.round((requests / elapsedMs) * 1000),
    rounds_per_second: results.map((result) => Math.round((result.requests / result.elapsedMs) * 1000)),
    /** Per CPU second of the server's processes (for the service: its node process and its Redis server). */
    per_cpu_second: Math.round(requests / cpuSeconds),
    cpu_us_per_request: Math.round((cpuSeconds * 1e6) / Math.max(1, requests)),
    p50_ms: round(percentile(0.5)),
    p99_ms: round(percentile(0.99)),
    ran_out: results.some((result) => result.ranOut),
  };
}

/** A connected streamer with `ideaCount` pending ideas, each suggested from the panel by its own viewer. */
async function prepareChannel(
  service: ServiceProcess,
  twitch: Awaited<ReturnType<typeof startFakeTwitch>>,
  secret: string,
) {
  const { api, token } = await signedInAccount(service, {
    email: 'bench-votes@example.test',
    password: 'bench-votes-password-2026',
    displayName: 'Bench Votes',
  });
  const channel = twitch.addUser({ login: 'benchvotes', display_name: 'Bench Votes' });
  await connectTwitch(service.url, token);
  await api.ideas.updateSettings({ body: { cooldownSeconds: 0, onePendingPerViewer: false } });
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const ideaIds: string[] = [];
  for (let index = 0; index < ideaCount; index += 1) {
    const response = await fetch(`${service.url}/api/v1/extension/ideas`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${viewerToken(Buffer.from(secret, 'base64'), channel.id, `Usuggest${index}`, exp)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ text: `bench idea ${index}: a cat with a ${index % 2 ? 'crown' : 'cape'}` }),
    });
    if (response.status !== 201 && response.status !== 200) {
      throw new Error(`suggesting an idea failed: ${response.status} ${await response.text()}`);
    }
    ideaIds.push(((await response.json()) as { id: string }).id);
  }
  return { channelId: channel.id, ideaIds };
}

/** Every vote answered 200 counted once: in Redis (counts and voter sets), on the ideas in MongoDB, as rows. */
async function checkExactness(service: ServiceProcess, ideaIds: string[], answered: number) {
  const runtime = JSON.parse(await readFile(path.join(service.dataDir, 'runtime.json'), 'utf8')) as {
    redis_url: string;
  };
  const redis = new Redis(runtime.redis_url, { keyPrefix: 'aura:' });
  const mongo = await MongoClient.connect(await service.mongodbUri());
  try {
    const [countsKey] = (await redis.keys('aura:ideas:votes:*')).map((key) => key.slice('aura:'.length));
    const redisCounts = countsKey ? await redis.hmget(countsKey, ...ideaIds) : [];
    const inRedis = redisCounts.reduce((sum, count) => sum + Number(count ?? 0), 0);
    let voters = 0;
    for (const ideaId of ideaIds) {
      voters += await redis.scard(`ideas:voters:${ideaId}`);
    }
    const db = mongo.db();
    const deadline = Date.now() + 60_000;
    let counted = 0;
    let rows = 0;
    for (;;) {
      const ideas = await db
        .collection('ideas')
        .find({ _id: { $in: ideaIds as never[] } })
        .toArray();
      counted = ideas.reduce((sum, idea) => sum + Number(idea.votes), 0);
      rows = await db.collection('idea_votes').countDocuments({ idea_id: { $in: ideaIds } });
      if ((rows === answered && counted === answered) || Date.now() > deadline) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return {
      votes_answered_200_including_warmup: answered,
      counts_in_redis: inRedis,
      voters_in_redis: voters,
      idea_votes_counts_in_mongodb: counted,
      idea_votes_rows_in_mongodb: rows,
      exact: inRedis === answered && voters === answered && counted === answered && rows === answered,
    };
  } finally {
    redis.disconnect();
    await mongo.close();
  }
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg().map(round);
  const secret = randomBytes(32).toString('base64');
  const twitch = await startFakeTwitch();
  const bare = await startBareExpress();
  const service = await startServiceProcess(
    1,
    {
      ...twitch.serviceEnv,
      TWITCH_EXTENSION_SECRET: secret,
      TWITCH_EXTENSION_CLIENT_ID: 'benchvotes0001',
      EXTENSION_RATE_LIMIT_PER_VIEWER: '100000000/60',
      EXTENSION_RATE_LIMIT_PER_IP: '100000000/60',
      EXTENSION_RATE_LIMIT_PER_CHANNEL: '100000000/60',
    },
    { nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] },
  );
  try {
    const { channelId, ideaIds } = await prepareChannel(service, twitch, secret);
    const serviceCpu = () => service.cpuSeconds() + service.redisCpuSeconds();
    const bareCpu = () => processCpuSeconds(bare.pid);
    const phase = async (kind: 'bare' | 'votes', pass: number): Promise<Phase> => {
      const cpu = kind === 'bare' ? bareCpu : serviceCpu;
      const urlTemplate = kind === 'bare' ? `${bare.url}/vote/{id}` : `${service.url}/api/v1/extension/ideas/{id}/vote`;
      const before = cpu();
      const result = await runLoad({
        urlTemplate,
        ideaIds,
        channelId,
        secret,
        viewerPrefix: `U${kind}${pass}v`,
        durationMs: seconds * 1000,
        warmupMs,
      });
      // the warm-up is part of the CPU time: scale it to the measured share
      const share = result.elapsedMs / (result.elapsedMs + warmupMs);
      return { ...result, cpuSeconds: (cpu() - before) * share };
    };
    const bareRounds: Phase[] = [];
    const voteRounds: Phase[] = [];
    for (let pass = 0; pass < rounds; pass += 1) {
      bareRounds.push(await phase('bare', pass));
      voteRounds.push(await phase('votes', pass));
      process.stdout.write(
        `round ${pass + 1}: bare ${summarise([bareRounds[pass]!]).per_second}/s, votes ${summarise([voteRounds[pass]!]).per_second}/s\n`,
      );
    }
    const answered = voteRounds.reduce((sum, result) => sum + result.okIncludingWarmup, 0);
    const exactness = await checkExactness(service, ideaIds, answered);

    const bareResult = summarise(bareRounds);
    const voteResult = summarise(voteRounds);
    const loadAtEnd = os.loadavg().map(round);
    const result = {
      benchmark: 'ideas-votes',
      ...runFacts(),
      load_average_at_start: loadAtStart,
      load_average_at_end: loadAtEnd,
      seconds_per_phase: seconds,
      rounds,
      connections,
      ideas: ideaCount,
      bare_express_route: bareResult,
      votes: voteResult,
      votes_share_of_bare_route: round(voteResult.per_second / bareResult.per_second),
      votes_share_of_bare_route_per_cpu_second: round(voteResult.per_cpu_second / bareResult.per_cpu_second),
      exactness,
      target_votes_per_second: targetVotesPerSecond,
      target_met: voteResult.per_second >= targetVotesPerSecond,
    };
    const row = (name: string, stats: typeof bareResult) =>
      `| ${name} | ${stats.per_second} (${stats.rounds_per_second.join(' · ')}) | ${stats.per_cpu_second} | ${stats.cpu_us_per_request} | ${stats.p50_ms} | ${stats.p99_ms} | ${stats.requests} | ${stats.failures} |`;
    const markdown = [
      '# Votes benchmark',
      '',
      `${result.date} · ${result.machine} · Node ${result.node} · load average (1 / 5 / 15 min) at the start ` +
        `${loadAtStart.join(' / ')}, at the end ${loadAtEnd.join(' / ')}`,
      '',
      `## \`POST /api/v1/extension/ideas/{id}/vote\` vs a bare Express route (one service process, ${connections} keep-alive connections; target ≥ ${targetVotesPerSecond} votes/s)`,
      '',
      '| | per second, wall (rounds) | per server CPU-second | server CPU µs per request | p50 ms | p99 ms | requests | failures |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      row('bare Express route (`POST /vote/:id`, answers a small JSON body)', bareResult),
      row('votes through the panel endpoint', voteResult),
      '',
      `Votes run at **${Math.round(result.votes_share_of_bare_route * 100)}%** of the bare route's rate ` +
        `(${Math.round(result.votes_share_of_bare_route_per_cpu_second * 100)}% per server CPU-second); ` +
        `${voteResult.per_second} votes/s: ${result.target_met ? 'target met' : 'target missed'}` +
        `${voteResult.ran_out ? ' (a phase ran out of prepared votes: a lower bound)' : ''}. ` +
        'Each vote is a distinct viewer with their own extension JWT, signed before the phase, so each request ' +
        'verifies a token never seen before, counts the per-IP, per-viewer and per-channel limits, votes, ' +
        'publishes the live event and is written behind to MongoDB. Server CPU is, for the service, its node process ' +
        '(which also holds the embedded MongoDB the votes are written to) and its Redis server; for the bare route, ' +
        'its process. The load generator runs in a child process on the same 2 cores. ' +
        `${seconds} s per phase after a 1 s warm-up, ${rounds} rounds, alternating.`,
      '',
      `Exactness: ${exactness.votes_answered_200_including_warmup} votes answered 200 (warm-ups included); ` +
        `Redis counts ${exactness.counts_in_redis}, Redis voter sets ${exactness.voters_in_redis}, ` +
        `counts on the ideas in MongoDB ${exactness.idea_votes_counts_in_mongodb}, ` +
        `\`idea_votes\` rows ${exactness.idea_votes_rows_in_mongodb}${exactness.exact ? ': every one, once' : ': MISMATCH'}.`,
      '',
    ].join('\n');
    await writeResults('ideas-votes', result, markdown);
  } finally {
    await service.stop();
    await bare.stop();
    await twitch.stop();
  }
}

await mainOrLoadGenerator(main, generateLoad);
