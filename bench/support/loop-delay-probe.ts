/**
 * Loaded into the benchmarked service's processes with `--import` (never by the service itself):
 * records the event loop's delay, and on SIGUSR2 writes what it saw since the last signal to
 * `$BENCH_LOOP_PROBE_DIR/<pid>.json`, then starts afresh. The benchmark signals before and after a
 * measurement to read the delay under that load alone.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const directory = process.env.BENCH_LOOP_PROBE_DIR;
if (directory) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const ms = (nanoseconds: number) => Math.round(nanoseconds / 10_000) / 100;
  process.on('SIGUSR2', () => {
    writeFileSync(
      path.join(directory, `${process.pid}.json`),
      JSON.stringify({
        p50_ms: ms(histogram.percentile(50)),
        p99_ms: ms(histogram.percentile(99)),
        max_ms: ms(histogram.max),
      }),
    );
    histogram.reset();
  });
}
