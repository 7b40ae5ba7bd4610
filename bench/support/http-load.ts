/**
 * HTTP load from autocannon in a child process of its own, so the load does not share an event loop
 * with the benchmark or the service. Latencies are kept per request, for p50/p95/p99.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export interface LoadRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  /** Responses counted by status code. */
  statuses: Record<string, number>;
  errors: number;
  latencyMs: { p50: number; p95: number; p99: number };
  /** CPU the load generator spent per request, in microseconds. */
  loadCpuUsPerRequest: number;
}

function percentile(sorted: Float64Array, p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return Math.round(value * 100) / 100;
}

async function generate(request: LoadRequest): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const cpuAtStart = process.cpuUsage();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: request.url,
        method: request.method ?? 'GET',
        headers: request.headers,
        body: request.body,
        connections: request.connections,
        duration: request.durationSeconds,
      },
      (error: Error | null, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      latencies.push(responseTime);
    });
  });
  const cpu = process.cpuUsage(cpuAtStart);
  const sorted = Float64Array.from(latencies).sort();
  const requests = result.requests.total;
  return {
    requests,
    requestsPerSecond: Math.round(requests / request.durationSeconds),
    statuses,
    errors: result.errors + result.timeouts,
    latencyMs: { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) },
    loadCpuUsPerRequest: Math.round((cpu.user + cpu.system) / Math.max(1, requests)),
  };
}

/** Runs one load in a fresh child process and answers what it measured. */
export function runLoad(request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // the child inherits tsx's loader flags from this process
    const child = fork(fileURLToPath(import.meta.url), ['--http-load'], { stdio: 'inherit' });
    let answered = false;
    child.once('message', (message) => {
      answered = true;
      resolve(message as LoadResult);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) {
        reject(new Error(`the load generator exited with ${code}`));
      }
    });
    child.send(request);
  });
}

if (process.argv.includes('--http-load')) {
  process.once('message', (request) => {
    void generate(request as LoadRequest).then((result) => process.send?.(result, () => process.disconnect()));
  });
}
