import { appendFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { pino } from 'pino';
import { settings, type SettingDefinition, type SettingName } from '@aurastream/config';
import { createLogger, type Logger } from '../shared/logger';

/**
 * Every process a test starts keeps its logs under TEST_LOG_DIR, and every secret the run used is
 * written under TEST_SECRETS_DIR, so `npm test` can scan all the logs for all the secrets once the
 * shards are done (`scripts/scan-test-logs.mjs`). `npm test` sets both per shard; a mocha run of its
 * own writes to `test-results/logs/local` and `test-results/secrets`.
 */
export function testLogDir(): string {
  return path.resolve(process.env.TEST_LOG_DIR ?? 'test-results/logs/local');
}

export function testSecretsDir(): string {
  return path.resolve(process.env.TEST_SECRETS_DIR ?? 'test-results/secrets');
}

/**
 * The level test services and workers log at: TEST_LOG_LEVEL, else `info` in a test run (whose
 * logs are kept and scanned: the mocha hooks set TEST_LOG_DIR; every refusal and failure is logged
 * with its request, but not each answered request, whose lines at `debug` cost the run time on a
 * loaded machine) and `silent` elsewhere (benchmarks).
 */
export function testLogLevel(): string {
  return process.env.TEST_LOG_LEVEL ?? (process.env.TEST_LOG_DIR ? 'info' : 'silent');
}

let processLog: ReturnType<typeof pino.destination> | null = null;

/** This process's log file: the lines of every logger a test makes in it (one file, lines whole). */
export function processLogDestination(): ReturnType<typeof pino.destination> {
  processLog ??= pino.destination({
    dest: path.join(testLogDir(), `tests-${process.pid}.log`),
    mkdir: true,
    // written in the background; pino flushes what is left when the process exits
    sync: false,
  });
  return processLog;
}

/** A logger for something a test runs in its own process (a service, a worker, a database), into this process's log file. */
export function testLogger(name: string, level = testLogLevel()): Logger {
  return createLogger({ level, name, destination: processLogDestination() });
}

let childLogs = 0;

/**
 * Keeps what a child process writes (its log lines on stdout and stderr) in a file of its own,
 * besides whatever the test reads of it. `streams` names the outputs that are logs: a command-line
 * tool's standard output is its answer (an admin CLI prints the credential it made), not a log.
 */
export function keepChildLogs(
  child: ChildProcess,
  name: string,
  streams: readonly ('stdout' | 'stderr')[] = ['stdout', 'stderr'],
): string {
  childLogs += 1;
  const file = path.join(testLogDir(), `${name}-${process.pid}-${childLogs}.log`);
  mkdirSync(path.dirname(file), { recursive: true });
  const out: WriteStream = createWriteStream(file);
  let open = streams.length;
  for (const stream of streams) {
    const source = child[stream];
    if (!source) {
      open -= 1;
      continue;
    }
    source.on('data', (chunk: Buffer) => out.write(chunk));
    source.once('close', () => {
      open -= 1;
      if (open === 0) {
        out.end();
      }
    });
  }
  if (open === 0) {
    out.end();
  }
  return file;
}

/** Records secrets the run used (`kind` names them in a finding; the value is never printed). */
export function recordTestSecrets(kind: string, values: readonly (string | undefined | null)[]): void {
  const lines = values
    .filter((value): value is string => typeof value === 'string' && value.length > 0)
    .map((value) => `${JSON.stringify({ kind, value })}\n`);
  if (lines.length === 0) {
    return;
  }
  const dir = testSecretsDir();
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, `${process.pid}.jsonl`), lines.join(''));
}

/** Settings holding more than one secret, and how to split them. */
const secretLists: Partial<Record<SettingName, (value: string) => string[]>> = {
  // `kid:secret,kid:secret`
  JWT_PREVIOUS_SECRETS: (value) => value.split(',').map((pair) => pair.slice(pair.indexOf(':') + 1)),
  TWITCH_EXTENSION_PREVIOUS_SECRETS: (value) => value.split(','),
};

/**
 * Records the value of every `secret` setting (config/defaults.ts) a service, worker or bot runs
 * with: those given in `env`, those generated into `dataDir`'s secrets.json, and secret defaults.
 */
export function recordConfigSecrets(env: Record<string, string | undefined>, dataDir?: string): void {
  const generatedFile = dataDir ? path.join(dataDir, 'secrets.json') : null;
  const generated =
    generatedFile && existsSync(generatedFile)
      ? (JSON.parse(readFileSync(generatedFile, 'utf8')) as Record<string, string>)
      : {};
  const valueOf = (name: SettingName): string | undefined =>
    env[name] || generated[name] || (settings[name] as SettingDefinition).default;
  // An S3 access key id names the key: every signed URL carries it (`X-Amz-Credential`), by design.
  // s3rver's fixed credentials use that name as the secret key too, so that value can't be searched for.
  const shownByDesign = new Set([valueOf('S3_ACCESS_KEY_ID')]);
  for (const [name, definition] of Object.entries(settings) as [SettingName, SettingDefinition][]) {
    if (!definition.secret || name === 'S3_ACCESS_KEY_ID') {
      continue;
    }
    const value = valueOf(name);
    if (value && !shownByDesign.has(value)) {
      recordTestSecrets(name, secretLists[name]?.(value) ?? [value]);
    }
  }
}
