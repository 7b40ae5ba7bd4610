/**
 * Collects the latest benchmark results (`bench/results/*.md`, written by each `*.bench.ts`) into
 * `bench/results/README.md`, with the machine they ran on, under one summary table where each
 * figure stands beside its baseline measured in the same run and their ratio.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';

const resultsDir = new URL('./results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });

function readResult<T>(name: string): T | null {
  const file = new URL(`${name}.json`, resultsDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
}

interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

interface HotReads {
  date: string;
  machine: { load_average_at_end: number[] };
  runs: {
    processes: number;
    routes: {
      route: string;
      target: number | null;
      ratio: number;
      cpu_ratio?: number;
      rounds: {
        baseline: { requests_per_second: number };
        route: { requests_per_second: number; latency_ms: Latency; event_loop_delay_p99_ms: number | null };
      }[];
    }[];
  }[];
}

interface SignIn {
  date: string;
  load_average_at_end: string[];
  bare_bcrypt_compares: { per_cpu_second: number };
  http_logins: { per_cpu_second: number; p50_ms: number; p95_ms?: number; p99_ms: number };
  overhead_percent: number;
  target_overhead_percent: number;
}

const mean = (values: number[]) => Math.round(values.reduce((sum, value) => sum + value, 0) / values.length);
const round2 = (value: number) => Math.round(value * 100) / 100;

function summaryRows(): string[] {
  const rows: string[] = [];
  const hotReads = readResult<HotReads>('hot-reads');
  for (const run of hotReads?.runs ?? []) {
    for (const route of run.routes) {
      const latency = (key: keyof Latency) =>
        round2(mean(route.rounds.map((each) => each.route.latency_ms[key] * 100)) / 100);
      const target = route.target === null ? '' : `≥ ${route.target} ${route.ratio >= route.target ? '✓' : '✗'}`;
      rows.push(
        `| ${route.route}, ${run.processes === 1 ? '1 process' : `${run.processes} processes`} | ` +
          `${mean(route.rounds.map((each) => each.route.requests_per_second))} req/s | ` +
          `bare Express ${mean(route.rounds.map((each) => each.baseline.requests_per_second))} req/s | ` +
          `**${route.ratio}** | ${route.cpu_ratio ?? ''} | ${target} | ${latency('p50')} / ${latency('p95')} / ${latency('p99')} | ` +
          `${Math.max(...route.rounds.map((each) => each.route.event_loop_delay_p99_ms ?? 0))} | ` +
          `${hotReads?.machine.load_average_at_end.join(' / ')} |`,
      );
    }
  }
  const signIn = readResult<SignIn>('auth-login');
  if (signIn) {
    const login = signIn.http_logins;
    rows.push(
      `| POST /api/v1/auth/login (bcrypt cost 12) | ${login.per_cpu_second} per CPU s | ` +
        `bare bcrypt ${signIn.bare_bcrypt_compares.per_cpu_second} per CPU s | ` +
        `**${round2(login.per_cpu_second / signIn.bare_bcrypt_compares.per_cpu_second)}** | (per CPU-second) | ` +
        `overhead < ${signIn.target_overhead_percent}% ${signIn.overhead_percent < signIn.target_overhead_percent ? '✓' : '✗'} (${signIn.overhead_percent}%) | ` +
        `${login.p50_ms} / ${login.p95_ms ?? '–'} / ${login.p99_ms} |  | ${signIn.load_average_at_end.join(' / ')} |`,
    );
  }
  return rows;
}

const sections = readdirSync(resultsDir)
  .filter((file) => file.endsWith('.md') && file !== 'README.md')
  .sort()
  .map((file) => readFileSync(new URL(file, resultsDir), 'utf8').trim());

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const rows = summaryRows();
const report = [
  '# Benchmark results',
  '',
  `Latest run of \`npm run bench\` on ${machine}; load average now ${os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ')}. Each section is written by its \`bench/*.bench.ts\`.`,
  '',
  ...(rows.length > 0
    ? [
        '## Summary: each figure beside its baseline from the same run',
        '',
        '| measure | figure | baseline | ratio | per CPU-second | target | p50 / p95 / p99 ms | event loop delay p99 ms | load average at the end |',
        '| --- | ---: | ---: | ---: | ---: | --- | --- | ---: | --- |',
        ...rows,
        '',
        'Analytics ingestion beside its own baseline (a bare Express route parsing the same JSON body) is the ' +
          '`POST /api/v1/analytics` row; its events per second against the 50,000 target are in the analytics section. ' +
          '"Per CPU-second" is the ratio from CPU time per request (the baseline\'s ÷ the measured one\'s), which the ' +
          "machine's other load moves far less than requests per second.",
        '',
      ]
    : []),
  ...sections.flatMap((section) => [section, '']),
].join('\n');
writeFileSync(new URL('README.md', resultsDir), report);
process.stdout.write(`bench/results/README.md updated (${sections.length} sections)\n`);
