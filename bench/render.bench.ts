/**
 * Built-in renderer benchmark: a `complete` pack (all 14 Twitch types, every size, encoded and
 * checked against the byte limits) and each type alone. Run: `npx tsx bench/render.bench.ts`.
 * Writes bench/results/render.json and bench/results/render.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { pino } from 'pino';
import { twitchAssetTypeSchema, type StylePreset, type TwitchAssetType } from '@aurastream/contract';
import { BuiltinImageProvider, RenderPool, type RenderRequest } from '@aurastream/service/rendering';

const logger = pino({ level: 'silent' });
const TYPES = twitchAssetTypeSchema.options;
const PACK_TARGET_MS = 3000;
/** Phases stop early past these marks so the whole run stays under a minute on a busy machine. */
const started = Date.now();
const PACK_DEADLINE = started + 30_000;
const TYPE_DEADLINE = started + 50_000;

function request(type: TwitchAssetType, seed: string, style: StylePreset | null): RenderRequest {
  return {
    asset_type: type,
    prompt: 'hype stream for my cozy community, mon wed fri 7pm',
    style_preset: style,
    text: null,
    variation: 0,
    seed,
    brand: {
      name: 'Nova',
      primary_colors: ['#7c3aed', '#22d3ee'],
      accent_colors: ['#f472b6'],
      tone: 'casual',
      fonts: { headline: 'Luckiest Guy', body: 'Poppins' },
      logo: null,
      style_reference: null,
    },
    channel: {
      broadcaster_name: 'PixelPaladin',
      category_name: 'VALORANT',
      title: 'Road to Radiant: ranked all night',
    },
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const round = (ms: number): number => Math.round(ms);

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

interface PackRun {
  wallMs: number;
  /** CPU time of the whole process (render threads and sharp's threads included): unlike wall time, barely moved by other load. */
  cpuMs: number;
}

async function packRuns(
  provider: BuiltinImageProvider,
  label: string,
  styles: (StylePreset | null)[],
): Promise<PackRun[]> {
  const runs: PackRun[] = [];
  for (const [index, style] of styles.entries()) {
    if (runs.length > 0 && Date.now() > PACK_DEADLINE) {
      break;
    }
    const cpuBefore = process.cpuUsage();
    const [ms, results] = await timed(async () =>
      Promise.all(TYPES.map(async (type) => provider.render(request(type, `${label}-${index}`, style)))),
    );
    const cpu = process.cpuUsage(cpuBefore);
    const files = results.reduce((sum, result) => sum + result.files.length, 0);
    if (files !== 18) {
      throw new Error(`a complete pack should hold 18 files, got ${files}`);
    }
    runs.push({ wallMs: ms, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  return runs;
}

async function main(): Promise<void> {
  const threads = Math.min(2, availableParallelism());
  const pooled = new BuiltinImageProvider(new RenderPool(threads, logger));
  const inline = new BuiltinImageProvider(new RenderPool(0, logger));
  try {
    const [coldMs] = await timed(async () =>
      Promise.all([pooled.render(request('emote', 'warm-a', null)), pooled.render(request('emote', 'warm-b', null))]),
    );
    await inline.render(request('emote', 'warm', null));

    const styles: (StylePreset | null)[] = [null, 'neon', 'pixel_art', 'kawaii', 'bold_esports'];
    const pooledRuns = await packRuns(pooled, 'pooled', styles);
    const inlineRuns = await packRuns(inline, 'inline', styles.slice(0, 2));

    const perType: Record<string, number> = {};
    for (const type of TYPES) {
      const samples: number[] = [];
      for (let i = 0; i < 3 && (i === 0 || Date.now() < TYPE_DEADLINE); i++) {
        const [ms] = await timed(async () => pooled.render(request(type, `type-${i}`, null)));
        samples.push(ms);
      }
      perType[type] = round(median(samples));
    }

    const results = {
      benchmark: 'render',
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? 'unknown',
        load_average_1m: Number(loadavg()[0]?.toFixed(2)),
      },
      render_threads: threads,
      worker_cold_start_ms: round(coldMs),
      complete_pack: {
        target_ms: PACK_TARGET_MS,
        files_per_pack: 18,
        pooled_runs_ms: pooledRuns.map((run) => round(run.wallMs)),
        pooled_median_ms: round(median(pooledRuns.map((run) => run.wallMs))),
        pooled_cpu_ms: pooledRuns.map((run) => round(run.cpuMs)),
        pooled_median_cpu_ms: round(median(pooledRuns.map((run) => run.cpuMs))),
        /** What the median CPU time comes to spread over the machine's cores, with no other load. */
        unloaded_estimate_ms: round(median(pooledRuns.map((run) => run.cpuMs)) / Math.min(threads, cpus().length)),
        inline_runs_ms: inlineRuns.map((run) => round(run.wallMs)),
        inline_median_ms: round(median(inlineRuns.map((run) => run.wallMs))),
        styles: styles.map((style) => style ?? 'signature'),
        meets_target: median(pooledRuns.map((run) => run.wallMs)) < PACK_TARGET_MS,
      },
      per_type_median_ms: perType,
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/render.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
    const md = [
      '# Built-in renderer benchmark',
      '',
      `${results.date} · ${results.machine.cpus} × ${results.machine.model} · load average ${results.machine.load_average_1m} · ${threads} render threads`,
      '',
      `Complete pack (14 types, 18 files, drawn, resized, encoded and checked against the byte limits), one run per style (${results.complete_pack.styles.join(', ')}):`,
      '',
      '| engine | runs (ms) | median (ms) | target |',
      '| --- | --- | --- | --- |',
      `| render pool (${threads} threads) | ${results.complete_pack.pooled_runs_ms.join(', ')} | ${results.complete_pack.pooled_median_ms} | < ${PACK_TARGET_MS} ${results.complete_pack.meets_target ? '✓' : '✗'} |`,
      `| main thread | ${results.complete_pack.inline_runs_ms.join(', ')} | ${results.complete_pack.inline_median_ms} | |`,
      '',
      `CPU time per pack (render pool, all threads): ${results.complete_pack.pooled_cpu_ms.join(', ')} ms, median ${results.complete_pack.pooled_median_cpu_ms} ms: about ${results.complete_pack.unloaded_estimate_ms} ms of wall time on ${threads} otherwise idle cores. Wall times above grow with the machine's load average.`,
      '',
      `Render threads' cold start (first two emotes, includes loading the fonts and the renderer): ${results.worker_cold_start_ms} ms.`,
      '',
      'One type alone (median of up to 3 runs, render pool):',
      '',
      '| type | ms |',
      '| --- | --- |',
      ...Object.entries(perType).map(([type, ms]) => `| ${type} | ${ms} |`),
      '',
    ].join('\n');
    writeFileSync(new URL('./results/render.md', import.meta.url), md);
    process.stdout.write(`${md}\n`);
  } finally {
    await Promise.all([pooled.close(), inline.close()]);
  }
}

await main();
