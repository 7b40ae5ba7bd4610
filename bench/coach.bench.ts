/**
 * Prompt Coach benchmark (issue 8): how many coach streams one service process holds open at once
 * with the offline coach (target: 1,000), and the time to first token, idle and under that load.
 *
 *   npx tsx bench/coach.bench.ts
 *
 * The service runs in its own process (this file with `--serve`) with the embedded MongoDB in another
 * (its CLI) and a private redis-server, so the load generator shares no event loop with them. Streams
 * are spread over 100 studio users (the per-user cap is raised to 10 for the bench), arrive at 100 per
 * second, and the offline coach types at a slow pace so every stream stays open for ~20 s (152 words): all 1,000
 * are open together once the last has arrived. Bounded to under a minute; writes
 * bench/results/coach.json and bench/results/coach.md.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const STREAMS = 1000;
const USERS = 100;
const TOKEN_DELAY_MS = 120;
const RAMP_BATCH = 25;
const RAMP_PAUSE_MS = 250;
const BASELINE_RUNS = 10;
const DEADLINE_MS = 50_000;
const TOKEN_MARKER = 'event: token\n';
const DONE_MARKER = 'event: done\n';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

interface ServerStats {
  rss_mb: number;
  heap_used_mb: number;
  event_loop_delay_p99_ms: number;
  event_loop_delay_max_ms: number;
}

/** `--serve`: the service under test. Speaks JSON lines on stdout, takes commands on stdin. */
async function serve(): Promise<void> {
  const { startTestService, stopSharedInfrastructure } = await import('../service/src/testing/index');
  const app = await startTestService({
    COACH_OFFLINE_TOKEN_DELAY_MS: String(TOKEN_DELAY_MS),
    COACH_MAX_CONCURRENT_STREAMS: String(Math.ceil(STREAMS / USERS)),
    COACH_SESSIONS_PER_HOUR: '100000',
    // a coach-only process: no job worker, no render threads competing for the CPU
    RUN_WORKER: 'false',
    RENDER_THREADS: '0',
  });
  const users = await Promise.all(Array.from({ length: USERS }, () => app.createUser({ tier: 'studio' })));
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  out(JSON.stringify({ ready: true, url: app.url, tokens: users.map((user) => user.accessToken) }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'stats') {
      const memory = process.memoryUsage();
      const stats: ServerStats = {
        rss_mb: Math.round(memory.rss / 2 ** 20),
        heap_used_mb: Math.round(memory.heapUsed / 2 ** 20),
        event_loop_delay_p99_ms: Math.round(delay.percentile(99) / 1e6),
        event_loop_delay_max_ms: Math.round(delay.max / 1e6),
      };
      delay.reset();
      out(JSON.stringify({ stats }));
    } else if (line === 'stop') {
      break;
    }
  }
  // here on "stop" or when the load generator's end of stdin closes (it ended or died)
  await app.stop();
  await stopSharedInfrastructure();
  process.exit(0);
}

interface StreamResult {
  ok: boolean;
  status: number;
  headersMs: number;
  firstTokenMs: number | null;
  totalMs: number;
  tokens: number;
}

/**
 * Opens one coach stream and reads it to the end, timing the headers and the first token. Plain
 * `node:http` and substring counting keep the load generator light, so it measures the service.
 */
function runStream(
  url: string,
  token: string,
  onOpen: () => void,
  onClose: () => void,
  options: { stopAtFirstToken?: boolean } = {},
): Promise<StreamResult> {
  const started = performance.now();
  const result: StreamResult = { ok: false, status: 0, headersMs: 0, firstTokenMs: null, totalMs: 0, tokens: 0 };
  const body = JSON.stringify({ asset_type: 'twitch_emote', description: 'a hype frog holding a golden trophy' });
  return new Promise((resolve) => {
    let opened = false;
    let tail = '';
    let settled = false;
    const finish = (): void => {
      if (settled) {
        return;
      }
      settled = true;
      result.totalMs = performance.now() - started;
      if (opened) {
        onClose();
      }
      resolve(result);
    };
    const request = httpRequest(
      `${url}/api/v1/coach/start`,
      {
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        timeout: DEADLINE_MS,
      },
      (response) => {
        result.status = response.statusCode ?? 0;
        result.headersMs = performance.now() - started;
        if (result.status !== 200) {
          response.resume();
          response.on('end', finish);
          return;
        }
        opened = true;
        onOpen();
        response.setEncoding('utf8');
        response.on('data', (text: string) => {
          // a marker may straddle two chunks: the previous chunk's end is searched again, counted once
          const window = tail + text;
          for (let at = window.indexOf(TOKEN_MARKER); at !== -1; at = window.indexOf(TOKEN_MARKER, at + 1)) {
            if (at + TOKEN_MARKER.length > tail.length) {
              result.tokens += 1;
            }
          }
          result.ok ||= window.includes(DONE_MARKER);
          tail = window.slice(-(TOKEN_MARKER.length - 1));
          if (result.tokens > 0 && result.firstTokenMs === null) {
            result.firstTokenMs = performance.now() - started;
            if (options.stopAtFirstToken) {
              result.ok = true;
              request.destroy();
              finish();
            }
          }
        });
        response.on('end', finish);
        response.on('error', finish);
      },
    );
    request.on('error', finish);
    request.on('timeout', () => request.destroy());
    request.end(body);
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
}

function summary(values: number[]) {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: percentile(values, 100),
  };
}

/** The embedded MongoDB as its own process (its CLI), like a real mongod next to the service. */
async function startMongoProcess(): Promise<{ uri: string; stop(): Promise<void> }> {
  const dbPath = await mkdtemp(path.join(os.tmpdir(), 'aurastream-coach-bench-'));
  const cli = fileURLToPath(new URL('../service/src/db/embedded/cli.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--dbpath', dbPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`MongoDB did not start:\n${output}`)), 20_000);
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /waiting for connections on port (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dbPath, { recursive: true, force: true });
    },
  };
}

interface ServiceProcess {
  url: string;
  tokens: string[];
  stats(): Promise<ServerStats>;
  /** Asks the service to stop (closing its stdin); kills it if it has not exited 10 s later. */
  stop(): Promise<void>;
}

async function startServiceProcess(mongoUri: string): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, TEST_LOG_LEVEL: 'error', MONGODB_URI: mongoUri },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const messages = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextMessage = async <T>(key: string): Promise<T> => {
    for (;;) {
      const next: IteratorResult<string> = await messages.next();
      if (next.done) {
        throw new Error('the service process ended early');
      }
      if (next.value.startsWith('{') && key in (JSON.parse(next.value) as object)) {
        return JSON.parse(next.value) as T;
      }
    }
  };
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      child.stdin.end('stop\n');
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
    })();
    return stopping;
  };
  try {
    const { url, tokens } = await nextMessage<{ url: string; tokens: string[] }>('ready');
    return {
      url,
      tokens,
      async stats() {
        child.stdin.write('stats\n');
        return (await nextMessage<{ stats: ServerStats }>('stats')).stats;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function main(): Promise<void> {
  const mongo = await startMongoProcess();
  let service: ServiceProcess | null = null;
  let cleaning: Promise<void> | null = null;
  const cleanup = (): Promise<void> => {
    cleaning ??= (async () => {
      await service?.stop();
      await mongo.stop();
    })();
    return cleaning;
  };
  // bounded: past the deadline everything is stopped and the run fails
  const deadline = setTimeout(() => {
    out('benchmark deadline reached; stopping');
    void cleanup().finally(() => process.exit(1));
  }, DEADLINE_MS + 10_000);
  try {
    service = await startServiceProcess(mongo.uri);
    await measure(service);
  } finally {
    clearTimeout(deadline);
    await cleanup();
  }
}

async function measure(service: ServiceProcess): Promise<void> {
  const { url, tokens } = service;
  const stats = (): Promise<ServerStats> => service.stats();
  out(`service ready at ${url} with ${tokens.length} studio users`);

  out('measuring the idle time to first token…');
  // time to first token with nothing else going on
  const baseline: StreamResult[] = [];
  for (let run = 0; run < BASELINE_RUNS; run += 1) {
    const noop = (): void => undefined;
    baseline.push(await runStream(url, tokens[run % tokens.length]!, noop, noop, { stopAtFirstToken: true }));
  }
  const idle = await stats();

  let open = 0;
  let peak = 0;
  // filled from the open-stream callback once every stream is open
  const atPeak: { stats: ServerStats | null; sampling: Promise<void> | null } = { stats: null, sampling: null };
  const started = performance.now();
  const progress = setInterval(
    () => out(`  ${Math.round(performance.now() - started)} ms: ${open} open, peak ${peak}`),
    2000,
  );
  const running: Promise<StreamResult>[] = [];
  for (let index = 0; index < STREAMS; index += 1) {
    running.push(
      runStream(
        url,
        tokens[index % tokens.length]!,
        () => {
          open += 1;
          if (open > peak) {
            peak = open;
            // sample the server once everything is open
            if (peak === STREAMS && !atPeak.sampling) {
              atPeak.sampling = stats().then((sample) => void (atPeak.stats = sample));
            }
          }
        },
        () => {
          open -= 1;
        },
      ),
    );
    if ((index + 1) % RAMP_BATCH === 0) {
      await new Promise((resolve) => setTimeout(resolve, RAMP_PAUSE_MS));
    }
  }
  const results = await Promise.all(running);
  clearInterval(progress);
  const loadMs = performance.now() - started;
  await atPeak.sampling;
  const afterLoad = atPeak.stats ?? (await stats());

  const completed = results.filter((result) => result.ok);
  const refused = results.filter((result) => result.status !== 200);
  const ttft = completed.map((result) => result.firstTokenMs ?? 0);
  const report = {
    benchmark: 'coach',
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? 'CPU',
      load_average_1m: Math.round(os.loadavg()[0]! * 100) / 100,
    },
    setup: {
      streams: STREAMS,
      users: USERS,
      offline_token_delay_ms: TOKEN_DELAY_MS,
      ramp: `${RAMP_BATCH} every ${RAMP_PAUSE_MS} ms`,
    },
    idle: {
      runs: BASELINE_RUNS,
      time_to_first_token_ms: summary(baseline.map((result) => result.firstTokenMs ?? 0)),
      server: idle,
    },
    load: {
      target_concurrent_streams: 1000,
      peak_concurrent_streams: peak,
      completed: completed.length,
      refused: refused.length,
      failed: results.length - completed.length - refused.length,
      duration_ms: Math.round(loadMs),
      time_to_headers_ms: summary(results.map((result) => result.headersMs)),
      time_to_first_token_ms: summary(ttft),
      stream_duration_ms: summary(completed.map((result) => result.totalMs)),
      tokens_per_stream: percentile(
        completed.map((result) => result.tokens),
        50,
      ),
      server_at_peak: afterLoad,
    },
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/coach.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  const row = (name: string, values: ReturnType<typeof summary>) =>
    `| ${name} | ${values.p50} | ${values.p95} | ${values.p99} | ${values.max} |`;
  const markdown = [
    '# Prompt Coach streaming benchmark',
    '',
    `${report.date} · ${report.machine.cpus} × ${report.machine.model} · load average ${report.machine.load_average_1m}`,
    '',
    `${STREAMS} offline-coach streams (${USERS} studio users, ${TOKEN_DELAY_MS} ms between words, opened ${RAMP_BATCH} every ${RAMP_PAUSE_MS} ms) against one service process:`,
    '',
    `- peak concurrent open streams: **${peak}** (target 1,000 ${peak >= 1000 ? '✓' : '✗'}); completed ${completed.length}, refused ${refused.length}, failed ${report.load.failed}`,
    `- ${report.load.tokens_per_stream} tokens per stream; all streams done in ${report.load.duration_ms} ms`,
    `- service at peak: ${afterLoad.rss_mb} MB RSS, ${afterLoad.heap_used_mb} MB heap, event loop delay p99 ${afterLoad.event_loop_delay_p99_ms} ms (max ${afterLoad.event_loop_delay_max_ms} ms)`,
    '',
    '| ms | p50 | p95 | p99 | max |',
    '| --- | --- | --- | --- | --- |',
    row(`time to first token, idle (${BASELINE_RUNS} runs one by one)`, report.idle.time_to_first_token_ms),
    row('time to headers, under load', report.load.time_to_headers_ms),
    row('time to first token, under load', report.load.time_to_first_token_ms),
    row('stream duration, under load', report.load.stream_duration_ms),
    '',
    'Time to first token includes authentication, the rate limit and stream-slot checks, creating the session in Redis and the studio grounding lookups.',
  ].join('\n');
  writeFileSync(new URL('./results/coach.md', import.meta.url), `${markdown}\n`);
  out(markdown);
}

if (process.argv.includes('--serve')) {
  await serve();
} else {
  await main();
}
