/**
 * Generation engine benchmark: the whole path a streamer's request takes (HTTP → quota → job →
 * Agenda worker → built-in renderer → storage → socket.io event), on a real service with the
 * embedded MongoDB and Redis. Run: `npx tsx bench/generation.bench.ts` (bounded to about a minute).
 *
 * 1. Throughput: 50 single emotes queued at once; jobs completed per second until the last one.
 * 2. A `complete` pack (14 Twitch types, one parent and 14 item jobs): wall time from the request to
 *    the parent's `job.completed` event (target: under 3 s on this machine).
 *
 * Writes bench/results/generation.json and bench/results/generation.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { startTestService, stopSharedInfrastructure, type TestService } from '@aurastream/service/testing';
import { connectRealtime, jobOfEvent, type RealtimeClient } from '../test/generation/support';

const EMOTES = 50;
const PACK_RUNS = 3;
const PACK_TARGET_MS = 3000;
const DEADLINE = Date.now() + 55_000;

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (value: number, digits = 0): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Resolves when every id in `ids` has reached `job.completed` or `job.failed`. */
function allEnded(realtime: RealtimeClient, ids: string[]): Promise<Map<string, number>> {
  const waiting = new Set(ids);
  const endedAt = new Map<string, number>();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${waiting.size} jobs did not end before the deadline`)),
      Math.max(1000, DEADLINE - Date.now()),
    );
    const onEnd = (payload: unknown): void => {
      const job = jobOfEvent(payload);
      if (waiting.delete(job.id)) {
        endedAt.set(job.id, performance.now());
        if (job.status !== 'completed') {
          reject(new Error(`job ${job.id} ended ${job.status}`));
        }
        if (waiting.size === 0) {
          clearTimeout(timer);
          resolve(endedAt);
        }
      }
    };
    realtime.socket.on('job.completed', onEnd);
    realtime.socket.on('job.failed', onEnd);
  });
}

async function emoteThroughput(app: TestService, realtime: RealtimeClient, accessToken: string) {
  const api = app.clientFor(accessToken);
  const started = performance.now();
  const queuedAt = new Map<string, number>();
  const ids = await Promise.all(
    Array.from({ length: EMOTES }, async (_, index) => {
      const job = await api.twitch.generate({ body: { assetType: 'emote', customPrompt: `hype emote ${index}` } });
      queuedAt.set(job.id, performance.now());
      return job.id;
    }),
  );
  const queuedIn = performance.now() - started;
  const endedAt = await allEnded(realtime, ids);
  const total = Math.max(...endedAt.values()) - started;
  const latencies = ids.map((id) => (endedAt.get(id) ?? 0) - (queuedAt.get(id) ?? 0));
  return {
    jobs: EMOTES,
    queued_in_ms: round(queuedIn),
    total_ms: round(total),
    jobs_per_second: round(EMOTES / (total / 1000), 2),
    median_latency_ms: round(median(latencies)),
    max_latency_ms: round(Math.max(...latencies)),
  };
}

async function completePack(app: TestService, realtime: RealtimeClient, accessToken: string): Promise<number> {
  const api = app.clientFor(accessToken);
  const started = performance.now();
  const pack = await api.twitch.createPack({ body: { packType: 'complete', customPrompt: 'cozy neon fox' } });
  const endedAt = await allEnded(realtime, [pack.job.id]);
  return (endedAt.get(pack.job.id) ?? 0) - started;
}

async function main(): Promise<void> {
  const app = await startTestService({
    GENERATION_REQUESTS_PER_MINUTE: '10000',
    MONTHLY_ASSET_LIMITS: 'free:20,pro:200,studio:1000000',
  });
  try {
    const { accessToken } = await app.createUser({ tier: 'studio' });
    const realtime = await connectRealtime(app.url, accessToken);
    try {
      // cold start: the render threads load the renderer and the fonts on first use
      const coldStart = performance.now();
      const warmup = await app
        .clientFor(accessToken)
        .twitch.generate({ body: { assetType: 'emote', customPrompt: 'gg' } });
      await allEnded(realtime, [warmup.id]);
      const coldStartMs = performance.now() - coldStart;
      out(`cold start (first emote job): ${round(coldStartMs)} ms`);

      const throughput = await emoteThroughput(app, realtime, accessToken);
      out(`${EMOTES} queued emotes: ${throughput.jobs_per_second} jobs/s (${throughput.total_ms} ms in all)`);

      const packRuns: number[] = [];
      for (let run = 0; run < PACK_RUNS && Date.now() < DEADLINE - 10_000; run += 1) {
        packRuns.push(round(await completePack(app, realtime, accessToken)));
        out(`complete pack run ${run + 1}: ${packRuns[packRuns.length - 1]} ms`);
      }
      const config = app.service.config;
      const results = {
        date: new Date().toISOString(),
        machine: `${availableParallelism()} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'CPU'}`,
        load_average: round(loadavg()[0] ?? 0, 2),
        settings: {
          worker_concurrency: config.jobs.concurrency,
          render_threads: config.rendering.threads,
          provider: config.openai.apiKey ? 'openai' : 'builtin',
        },
        cold_start_ms: round(coldStartMs),
        emote_throughput: throughput,
        complete_pack: { runs_ms: packRuns, median_ms: median(packRuns), target_ms: PACK_TARGET_MS },
      };
      mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
      writeFileSync(new URL('./results/generation.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
      writeFileSync(
        new URL('./results/generation.md', import.meta.url),
        [
          '# Generation engine benchmark',
          '',
          `${results.date} · ${results.machine} · load average ${results.load_average} · ` +
            `${results.settings.worker_concurrency} concurrent jobs · ${results.settings.render_threads} render threads · ` +
            `${results.settings.provider} renderer`,
          '',
          'Through the whole engine: HTTP request, quota, job row, Agenda worker, renderer, storage, socket.io event.',
          '',
          '| measure | result |',
          '| --- | --- |',
          `| cold start (first emote job) | ${results.cold_start_ms} ms |`,
          `| ${EMOTES} queued single emotes | ${throughput.jobs_per_second} jobs/s (${throughput.total_ms} ms; queued in ${throughput.queued_in_ms} ms) |`,
          `| emote latency, queued → completed | median ${throughput.median_latency_ms} ms, max ${throughput.max_latency_ms} ms |`,
          `| complete pack (14 types), request → completed | ${packRuns.join(', ')} ms; median ${results.complete_pack.median_ms} ms ` +
            `(target < ${PACK_TARGET_MS} ms ${results.complete_pack.median_ms < PACK_TARGET_MS ? '✓' : '✗'}) |`,
          '',
        ].join('\n'),
      );
      out('wrote bench/results/generation.json and bench/results/generation.md');
    } finally {
      realtime.close();
    }
  } finally {
    await app.stop();
    await stopSharedInfrastructure();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `generation benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
