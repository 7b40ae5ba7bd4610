/**
 * Panel reads benchmark: the two reads every viewer of a live channel makes, through the service
 * with one process (`GET /api/v1/extension/ideas`: per-IP, per-viewer and per-channel limits, the
 * extension JWT, the cached list in Redis with its ETag; `GET /api/v1/extension/panel`: the same
 * for the showcase), each beside a bare Express route on the same event loop that answers the same
 * bytes from one Redis GET (what any Express service serving a shared cached read pays). Target:
 * the service's reads at least 80% of the bare route's rate.
 *
 * The load runs in its own process (`bench/support/get-load.ts`: keep-alive sockets, prepared
 * requests, 200 viewers), in rounds that alternate the routes so other load on the machine weighs
 * on both alike; the median round counts. Run: `npx tsx bench/panel.bench.ts` (BENCH_SECONDS per
 * round, default 4). Writes bench/results/panel.{json,md}.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import express from 'express';
import { startTestService, stopSharedInfrastructure } from '@aurastream/service/testing';
import { startFakeTwitch } from '@aurastream/fake-twitch';
import {
  createStreamer,
  generateAssets,
  newExtensionSecret,
  requestExtension,
  viewerToken,
} from '../test/extension/support';

const roundSeconds = Number(process.env.BENCH_SECONDS ?? 4);
const rounds = 3;
const connections = 16;
const viewers = 200;
const targetPercent = 80;
const here = path.dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

interface Round {
  requests: number;
  statuses: Record<string, number>;
  /** CPU time this process (the service, or the bare route) spent during the round. */
  cpuMs: number;
}

async function load(url: string, headers: Array<Record<string, string>>): Promise<Round> {
  const job = JSON.stringify({ url, headers, connections, durationMs: roundSeconds * 1000 });
  const before = process.cpuUsage();
  const { stdout } = await run(path.join(here, '..', 'node_modules', '.bin', 'tsx'), [
    path.join(here, 'support', 'get-load.ts'),
    job,
  ]);
  const cpu = process.cpuUsage(before);
  return { ...(JSON.parse(stdout) as Omit<Round, 'cpuMs'>), cpuMs: (cpu.user + cpu.system) / 1000 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const secret = newExtensionSecret();
  const twitch = await startFakeTwitch();
  const app = await startTestService({
    ...twitch.serviceEnv,
    TWITCH_EXTENSION_SECRET: secret,
    EXTENSION_CACHE_SECONDS: '300',
    EXTENSION_RATE_LIMIT_PER_VIEWER: '1000000/60',
    EXTENSION_RATE_LIMIT_PER_IP: '100000000/60',
    EXTENSION_RATE_LIMIT_PER_CHANNEL: '100000000/60',
    GENERATION_REQUESTS_PER_MINUTE: '1000',
    LOG_LEVEL: 'warn',
  });
  const streamer = await createStreamer(app, twitch, { login: 'benchpanel', displayName: 'BenchPanel' });
  await streamer.api.ideas.updateSettings({ body: { cooldownSeconds: 0 } });
  await generateAssets(streamer.api, 'emote', { variations: 3, prompt: 'hype cat' });
  await generateAssets(streamer.api, 'badge', { variations: 2, prompt: 'crown' });
  const tokens = await Promise.all(
    Array.from({ length: viewers }, (_, index) =>
      viewerToken({ channelId: streamer.channelId, secret, opaqueUserId: `Ubench${index}`, expiresInSeconds: 3600 }),
    ),
  );
  for (let index = 0; index < 25; index += 1) {
    await requestExtension(app, tokens[index]!, '/ideas', {
      method: 'POST',
      body: { text: `idea number ${index}: a cat with a ${index % 2 ? 'crown' : 'cape'}` },
    });
  }
  const headers = tokens.map((token) => ({ authorization: `Bearer ${token}` }));
  const ideasBody = await (await requestExtension(app, tokens[0]!, '/ideas')).text();
  const showcaseBody = await (await requestExtension(app, tokens[0]!, '/panel')).text();

  // the bare route: Express, one Redis GET, the bytes sent as JSON
  const redis = app.service.infra.redis;
  await redis.set('bench:bare:ideas', ideasBody);
  await redis.set('bench:bare:showcase', showcaseBody);
  const bare = express();
  bare.get('/bare/:read', (req, res, next) => {
    redis.get(`bench:bare:${req.params.read}`).then((body) => res.type('application/json').send(body), next);
  });
  const bareServer = bare.listen(0, '127.0.0.1');
  await new Promise((resolve) => bareServer.once('listening', resolve));
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;

  const reads = [
    { name: 'ideas list', service: `${app.url}/api/v1/extension/ideas`, bare: `${bareUrl}/bare/ideas` },
    { name: 'showcase', service: `${app.url}/api/v1/extension/panel`, bare: `${bareUrl}/bare/showcase` },
  ];
  const results = [];
  for (const read of reads) {
    const service: Round[] = [];
    const bareRounds: Round[] = [];
    for (let round = 0; round < rounds; round += 1) {
      service.push(await load(read.service, headers));
      bareRounds.push(await load(read.bare, headers));
    }
    const rate = (round: Round) => Math.round(round.requests / roundSeconds);
    const perCpuSecond = (round: Round) => Math.round(round.requests / (round.cpuMs / 1000));
    const serviceRate = median(service.map(rate));
    const bareRate = median(bareRounds.map(rate));
    const serviceCpuRate = median(service.map(perCpuSecond));
    const bareCpuRate = median(bareRounds.map(perCpuSecond));
    const failures = service.reduce((sum, round) => sum + round.requests - (round.statuses['200'] ?? 0), 0);
    results.push({
      read: read.name,
      service_per_second: serviceRate,
      service_rounds: service.map(rate),
      bare_per_second: bareRate,
      bare_rounds: bareRounds.map(rate),
      percent_of_bare: Math.round((serviceRate / bareRate) * 1000) / 10,
      /** Per CPU-second of this process: what one core given to the service sustains, however loaded the machine. */
      service_per_cpu_second: serviceCpuRate,
      bare_per_cpu_second: bareCpuRate,
      cpu_percent_of_bare: Math.round((serviceCpuRate / bareCpuRate) * 1000) / 10,
      non_200: failures,
      body_bytes: Buffer.byteLength(read.name === 'showcase' ? showcaseBody : ideasBody),
    });
  }

  bareServer.close();
  await app.stop();
  await twitch.stop();
  await stopSharedInfrastructure();

  const at = new Date().toISOString();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`;
  const loadAverage = os.loadavg().map((value) => value.toFixed(2));
  const resultsDir = path.join(here, 'results');
  await mkdir(resultsDir, { recursive: true });
  await writeFile(
    path.join(resultsDir, 'panel.json'),
    JSON.stringify({ at, machine, rounds, round_seconds: roundSeconds, connections, viewers, results }, null, 2),
  );
  const rows = results.map(
    (result) =>
      `| ${result.read} | ${result.service_per_second.toLocaleString('en')} | ${result.service_rounds.join(' · ')} | ` +
      `${result.bare_per_second.toLocaleString('en')} | ${result.bare_rounds.join(' · ')} | ${result.percent_of_bare}% | ` +
      `${result.service_per_cpu_second.toLocaleString('en')} | ${result.bare_per_cpu_second.toLocaleString('en')} | ` +
      `${result.cpu_percent_of_bare}% | ${result.percent_of_bare >= targetPercent ? 'met' : 'missed'} | ` +
      `${result.non_200} | ${result.body_bytes} |`,
  );
  await writeFile(
    path.join(resultsDir, 'panel.md'),
    [
      '# Panel reads benchmark',
      '',
      `${at} · ${machine} · load average at the end ${loadAverage.join(' / ')}`,
      '',
      `One service process; ${connections} keep-alive connections from ${viewers} viewers in a separate load process; ` +
        `${rounds} rounds of ${roundSeconds} s per route, alternating; median round. Target: ${targetPercent}% of the bare route.`,
      '',
      '| read | service req/s | rounds | bare Express req/s | rounds | service / bare | service req per CPU-s | bare req per CPU-s | service / bare (CPU) | target (wall clock) | non-200 | body bytes |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
      ...rows,
      '',
      'The service route, answered on the fast path ahead of Express (`service/src/http/hot-lane.ts`, with the same ' +
        'headers, checks, metrics and log line as through Express): per-IP limit, extension JWT verification ' +
        '(HS256, once per token text), per-viewer and per-channel limits, then the cached read (the shared read ' +
        "cache: the copy this process keeps, while one GET shows its scope's version stands; else one Redis " +
        'script call) sent as stored, its bytes encoded once. The bare route: Express and one Redis GET of ' +
        'the same bytes, on the same event loop and Redis. "Per CPU-s" divides the requests by the CPU time the ' +
        'process serving them used in the round, which holds on a machine other processes load.',
    ].join('\n'),
  );
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

await main();
