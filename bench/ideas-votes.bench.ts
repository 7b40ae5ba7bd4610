/**
 * Votes benchmark: viewers' votes per second through the ideas API with one service process,
 * beside a bare Express route's requests per second measured in the same run.
 *
 * The votes' own endpoints come with the chat bot and the panel (issues 16 and 17), as one-line
 * routes over `IdeasApi.vote`; until then the benchmark serves that call behind a thin Express
 * route (parse the JSON body, call the API, answer the count as JSON) in the service's process,
 * and the bare route (parse, answer) beside it on the same server. Each vote is a new viewer's, so
 * every request is counted (one Redis script, the channel's owner looked up, a live event
 * coalesced), spread over 20 pending ideas of one channel. The load comes from keep-alive
 * connections in a child process; phases alternate so the machine's other load weighs on both.
 * At the end, every counted vote is checked in Redis and in MongoDB: fast and exact.
 * Run: `npm run bench -- ideas-votes` (BENCH_SECONDS per phase, default 4). Writes
 * bench/results/ideas-votes.{json,md}.
 */
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { startFakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, stopSharedInfrastructure } from '@aurastream/service/testing';
import { signInWithTwitch } from '../test/auth/support/twitch-sign-in';
import { KeepAliveConnection, preparePost } from './support/keep-alive-poster';
import { writeResults, mainOrLoadGenerator } from './support/results';

const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const warmupMs = 1000;
const connections = 16;
const ideaCount = 20;
const targetVotesPerSecond = 5000;

interface LoadOptions {
  url: string;
  path: string;
  ideaIds: string[];
  durationMs: number;
  warmupMs: number;
  /** Distinct voters: a prefix per phase. */
  voterPrefix: string;
}

interface LoadResult {
  requests: number;
  failures: number;
  statuses: Record<string, number>;
  /** Answered 200, warm-up included (each is a vote that must be stored). */
  okIncludingWarmup: number;
  elapsedMs: number;
  latenciesMs: number[];
}

/** The load generator (child process): one request at a time per keep-alive connection. */
async function generateLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.path, options.url);
  const sockets = await Promise.all(Array.from({ length: connections }, () => KeepAliveConnection.open(target)));
  const result: LoadResult = {
    requests: 0,
    failures: 0,
    statuses: {},
    okIncludingWarmup: 0,
    elapsedMs: 0,
    latenciesMs: [],
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
        const index = sent++;
        const body = JSON.stringify({
          idea_id: options.ideaIds[index % options.ideaIds.length],
          voter: `${options.voterPrefix}${index}`,
        });
        const begin = performance.now();
        const status = await socket.send(preparePost(target, body));
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

function summarise(results: Array<LoadResult & { cpuMs: number }>) {
  const requests = results.reduce((sum, result) => sum + result.requests, 0);
  const failures = results.reduce((sum, result) => sum + result.failures, 0);
  const elapsedMs = results.reduce((sum, result) => sum + result.elapsedMs, 0);
  const cpuMs = results.reduce((sum, result) => sum + result.cpuMs, 0);
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
    /** Per CPU second of the service's process (which also holds the embedded MongoDB). */
    per_service_cpu_second: Math.round(requests / (cpuMs / 1000)),
    p50_ms: round(percentile(0.5)),
    p99_ms: round(percentile(0.99)),
  };
}

async function main(): Promise<void> {
  const twitch = await startFakeTwitch();
  const app = await startTestService({ ...twitch.serviceEnv, LOG_LEVEL: 'warn' });
  try {
    const streamer = await app.createUser({ tier: 'pro', displayName: 'BenchStreamer' });
    const channelId = twitch.addUser({ login: 'benchstreamer', display_name: 'BenchStreamer' }).id;
    await signInWithTwitch(app, { accessToken: streamer.accessToken });
    await streamer.api.ideas.updateSettings({ body: { cooldownSeconds: 0, onePendingPerViewer: false } });
    const ideas = app.service.container.apis.ideas;
    const noBadges = { broadcaster: false, moderator: false, vip: false, subscriber: false };
    const ideaIds: string[] = [];
    for (let index = 0; index < ideaCount; index += 1) {
      const idea = await ideas.submitAsViewer(
        {
          channelId,
          viewer: { twitchUserId: String(900_000 + index), displayName: null, opaqueId: null, badges: noBadges },
        },
        'chat',
        { text: `bench idea ${index}`, asset_type: 'emote' },
      );
      ideaIds.push(idea.id);
    }

    // the two routes, on one Express server in the service's process
    const bench = express();
    bench.use(express.json());
    bench.post('/bare', (request, response) => {
      const body = request.body as { idea_id: string; voter: string };
      response.json({ idea_id: body.idea_id, votes: 1 });
    });
    bench.post('/vote', (request, response) => {
      const body = request.body as { idea_id: string; voter: string };
      ideas
        .vote(
          { channelId, viewer: { twitchUserId: null, displayName: null, opaqueId: body.voter, badges: noBadges } },
          { id: body.idea_id },
        )
        .then(
          (count) => response.json(count),
          (error: { status?: number; code?: string }) =>
            response.status(error.status ?? 500).json({ error: { code: error.code ?? 'internal' } }),
        );
    });
    const server = bench.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const phase = async (path: string, pass: number) => {
      const cpuBefore = process.cpuUsage();
      const result = await runLoad({
        url,
        path,
        ideaIds,
        durationMs: seconds * 1000,
        warmupMs,
        voterPrefix: `A${path.slice(1)}${pass}-`,
      });
      const cpu = process.cpuUsage(cpuBefore);
      // the warm-up is part of the CPU time: scale it to the measured share
      const share = (seconds * 1000) / (seconds * 1000 + warmupMs);
      return { ...result, cpuMs: ((cpu.user + cpu.system) / 1000) * share };
    };
    const bare: Array<Awaited<ReturnType<typeof phase>>> = [];
    const votes: Array<Awaited<ReturnType<typeof phase>>> = [];
    for (let pass = 0; pass < 2; pass += 1) {
      bare.push(await phase('/bare', pass));
      votes.push(await phase('/vote', pass));
    }
    server.close();

    // exact: every vote answered 200 (warm-up ones too) is in Redis and, once written, in MongoDB
    const answered = votes.reduce((sum, result) => sum + result.okIncludingWarmup, 0);
    const db = app.service.infra.mongo.connection.db!;
    const deadline = Date.now() + 60_000;
    let stored = 0;
    let counted = 0;
    for (;;) {
      const rows = await db
        .collection('ideas')
        .find({ _id: { $in: ideaIds as never[] } })
        .toArray();
      counted = rows.reduce((sum, row) => sum + Number(row.votes), 0);
      stored = await db.collection('idea_votes').countDocuments({ idea_id: { $in: ideaIds } });
      if ((stored === answered && counted === answered) || Date.now() > deadline) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const bareResult = summarise(bare);
    const voteResult = summarise(votes);
    const load = os.loadavg().map((value) => value.toFixed(2));
    const result = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`,
      node: process.version,
      load_average_at_end: load,
      seconds_per_phase: seconds,
      connections,
      ideas: ideaCount,
      bare_express_route: bareResult,
      votes: voteResult,
      votes_share_of_bare_route: round(voteResult.per_second / bareResult.per_second),
      exactness: {
        votes_answered_200_including_warmup: answered,
        idea_votes_counts_in_mongodb: counted,
        idea_votes_rows_in_mongodb: stored,
        exact: counted === answered && stored === answered,
      },
      target_votes_per_second: targetVotesPerSecond,
      target_met: voteResult.per_second >= targetVotesPerSecond,
    };
    const row = (name: string, stats: typeof bareResult) =>
      `| ${name} | ${stats.per_second} | ${stats.per_service_cpu_second} | ${stats.p50_ms} | ${stats.p99_ms} | ${stats.requests} | ${stats.failures} |`;
    const markdown = [
      '# Votes benchmark',
      '',
      `${result.date} · ${result.machine} · Node ${result.node} · load average at the end ${load.join(' / ')}`,
      '',
      `## Votes through the ideas API vs a bare Express route (one service process, ${connections} keep-alive connections; target ≥ ${targetVotesPerSecond} votes/s)`,
      '',
      '| | per second (wall) | per service CPU second | p50 ms | p99 ms | requests | failures |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      row('bare Express route (parse JSON, answer JSON)', bareResult),
      row('votes (`IdeasApi.vote` behind the same route shape)', voteResult),
      '',
      `Votes run at **${Math.round(result.votes_share_of_bare_route * 100)}%** of the bare route's rate ` +
        `(${Math.round((voteResult.per_service_cpu_second / bareResult.per_service_cpu_second) * 100)}% per CPU second; ` +
        `${result.target_met ? 'target met' : 'target missed'}). Each vote is a new viewer's: one Redis round trip ` +
        '(a script: open? already voted? count, queue the write), the channel owner from the process’s 2-second ' +
        'cache (Redis behind it), the live event coalesced in the process; ' +
        'MongoDB is written behind in batches. ' +
        `Exactness: ${answered} votes answered 200, ${counted} counted on the ideas in MongoDB, ${stored} \`idea_votes\` rows` +
        `${result.exactness.exact ? ' — every one' : ' — MISMATCH'}. ` +
        'The service process also holds the embedded MongoDB and the fake Twitch; the load generator runs in a child process. ' +
        `${seconds} s per phase after a 1 s warm-up, two rounds each, alternating.`,
      '',
    ].join('\n');
    await writeResults('ideas-votes', result, markdown);
  } finally {
    await app.stop();
    await twitch.stop();
    await stopSharedInfrastructure();
  }
}

await mainOrLoadGenerator(main, generateLoad);
