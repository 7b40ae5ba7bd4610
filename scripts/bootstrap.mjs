#!/usr/bin/env node
// `npm start`, `npm test` and `npm run bench` on a fresh clone: install what is missing, then run.
// Plain Node (no dependencies), since it runs before `npm install`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeScan, scanTestLogs } from './scan-test-logs.mjs';
import { knownDurations, planShards, testFiles } from './test-shards.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv[2] ?? 'start';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version');

function log(message) {
  console.log(`[aurastream] ${message}`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new Error(`Node.js >= 20.19 is required (this is ${process.versions.node})`);
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') {
      continue;
    }
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function ensureDependencies() {
  const lock = path.join(root, 'package-lock.json');
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs)) {
    return;
  }
  log('installing npm dependencies…');
  run('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund']);
}

let aptUpdated = false;
function aptInstall(packages) {
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq']);
    aptUpdated = true;
  }
  run('apt-get', ['install', '-y', '-qq', ...packages], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Installs a Debian package when its binary is missing (as root on Debian), else says how. */
function ensureBinary(binary, debianPackage, why) {
  if (hasCommand(binary)) {
    return true;
  }
  if (isRoot && isDebian) {
    log(`installing ${debianPackage} (${why})…`);
    aptInstall([debianPackage]);
    return true;
  }
  log(`${binary} is missing (${why}). Install it with:  sudo apt-get install -y ${debianPackage}`);
  return false;
}

function ensureRedis() {
  if (process.env.REDIS_URL) {
    return;
  }
  if (!ensureBinary('redis-server', 'redis-server', 'the embedded Redis')) {
    process.exit(1);
  }
}

function buildClients() {
  for (const client of ['dashboard', 'extension']) {
    const dir = path.join(root, client);
    const pkgFile = path.join(dir, 'package.json');
    if (!existsSync(pkgFile)) {
      continue;
    }
    const hasBuild =
      spawnSync('node', ['-e', `process.exit(require(${JSON.stringify(pkgFile)}).scripts?.build ? 0 : 1)`]).status ===
      0;
    if (!hasBuild) {
      continue;
    }
    const dist = path.join(dir, 'dist', 'index.html');
    const sources = Math.max(newestMtime(path.join(dir, 'src')), newestMtime(path.join(root, 'contract', 'src')));
    if (existsSync(dist) && statSync(dist).mtimeMs >= sources) {
      continue;
    }
    log(`building the ${client}…`);
    run('npm', ['run', 'build', '--workspace', client]);
  }
}

/** Runs a command, echoing its output unless `quiet`, and returns the output for the summary. */
function runCaptured(cmd, args, { env = {}, quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (!quiet) {
        process.stdout.write(chunk);
      }
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      if (!quiet) {
        process.stderr.write(chunk);
      }
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function test() {
  ensureRedis();
  ensureBinary('chromium', 'chromium', 'browser tests');
  buildClients();
  const bin = (name) => path.join(root, 'node_modules', '.bin', name);
  const steps = [
    { name: 'typecheck', cmd: bin('tsc'), args: ['-p', 'tsconfig.json', '--noEmit'] },
    { name: 'typecheck (clients)', cmd: 'npm', args: ['run', 'typecheck', '--workspaces', '--if-present'] },
    { name: 'lint', cmd: bin('eslint'), args: ['.'] },
    { name: 'format', cmd: bin('prettier'), args: ['--check', '.'] },
    { name: 'unit tests', cmd: bin('mocha'), args: ['--config', '.mocharc.unit.cjs'], mocha: true },
    {
      name: 'dashboard unit tests',
      cmd: bin('mocha'),
      args: ['--config', '.mocharc.dashboard.cjs'],
      mocha: true,
    },
  ];
  const totals = { passed: 0, failed: 0, pending: 0 };
  const failedSteps = [];
  const failures = [];
  const record = (step, { code, output }) => {
    if (step.mocha) {
      totals.passed += Number(/(\d+) passing/.exec(output)?.[1] ?? 0);
      totals.failed += Number(/(\d+) failing/.exec(output)?.[1] ?? 0);
      totals.pending += Number(/(\d+) pending/.exec(output)?.[1] ?? 0);
    }
    if (code !== 0) {
      failedSteps.push(step.name);
      if (step.mocha && !/(\d+) failing/.test(output)) {
        totals.failed += 1;
      }
      // mocha's list of failures, so the end of the log names every one whichever shard it was in
      const failing = /\n\s*\d+ failing[\s\S]*/.exec(output)?.[0];
      const summary = failing
        ? failing.split('\n').slice(0, 80).join('\n')
        : step.report
          ? `\n${output}`
          : ` exit ${code}`;
      failures.push(`${step.name}:${summary}`);
    }
  };
  for (const step of steps) {
    log(`${step.name}…`);
    record(step, await runCaptured(step.cmd, step.args));
  }
  await integrationTests(bin('mocha'), record);
  scanLogsForSecrets(record);
  console.log('');
  if (failedSteps.length > 0) {
    console.log(failures.join('\n\n'));
    log(`failed: ${failedSteps.join(', ')}`);
  }
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.pending} skipped`);
  process.exit(failedSteps.length > 0 ? 1 : 0);
}

/**
 * The integration tests in TEST_SHARDS mocha processes side by side (default 3: they mostly wait, so
 * three overlap well on two cores), dealt by the time each file took (`npm run test:durations`).
 * Each shard's output is kept in test-results/ and printed whole when it ends.
 */
async function integrationTests(mocha, record) {
  const count = Number(process.env.TEST_SHARDS ?? 3);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`TEST_SHARDS must be a whole number of 1 or more (it is ${process.env.TEST_SHARDS})`);
  }
  const files = testFiles(root, 'test');
  const shards = planShards(files, knownDurations(path.join(root, 'test', 'durations.json')), count);
  log(`integration tests: ${files.length} files in ${shards.length} shard(s)…`);
  mkdirSync(path.join(root, 'test-results'), { recursive: true });
  // the logs and secrets of this run only: the scan afterwards reads them all
  for (const folder of ['logs', 'secrets']) {
    rmSync(path.join(root, 'test-results', folder), { recursive: true, force: true });
  }
  const started = Date.now();
  await Promise.all(
    shards.map(async (shardFiles, index) => {
      const name = `integration tests ${index + 1}/${shards.length}`;
      const result = await runCaptured(mocha, ['--config', '.mocharc.integration.cjs', ...shardFiles], {
        quiet: true,
        env: {
          TEST_SHARD: String(index + 1),
          TEST_LOG_DIR: path.join(root, 'test-results', 'logs', `shard-${index + 1}`),
          TEST_SECRETS_DIR: path.join(root, 'test-results', 'secrets'),
        },
      });
      writeFileSync(path.join(root, 'test-results', `integration-${index + 1}.log`), result.output);
      log(`${name} (${shardFiles.length} files, ${Math.round((Date.now() - started) / 1000)} s):`);
      process.stdout.write(result.output);
      record({ name, mocha: true }, result);
    }),
  );
}

/**
 * Every log the integration tests' services, workers, bots and databases wrote (test-results/logs)
 * holds none of the run's secrets (test-results/secrets); a finding names the file and line.
 */
function scanLogsForSecrets(record) {
  log('scanning the test logs for secrets…');
  const scan = scanTestLogs({
    logDir: path.join(root, 'test-results', 'logs'),
    secretsDir: path.join(root, 'test-results', 'secrets'),
  });
  const report = describeScan(scan, root);
  console.log(report);
  record(
    { name: 'no secret in the test logs', report: true },
    { code: scan.findings.length > 0 ? 1 : 0, output: report },
  );
}

/**
 * V8 flags the service runs with. A larger young generation lets the short-lived objects of many
 * concurrent requests (parsed bodies, validated events) die young instead of being promoted and
 * collected again later: about a fifth more analytics ingestion per CPU-second here.
 */
const serviceNodeFlags = ['--max-semi-space-size=64'];

function start() {
  ensureRedis();
  buildClients();
  // node --import tsx (not the tsx wrapper) so SIGTERM reaches the service and it stops gracefully
  const child = spawn(
    process.execPath,
    [...serviceNodeFlags, '--import', 'tsx', path.join(root, 'service', 'src', 'main.ts')],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function bench() {
  ensureRedis();
  const dir = path.join(root, 'bench');
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.bench.ts'))
    .sort();
  const only = process.argv[3];
  for (const file of files.filter((name) => !only || name.includes(only))) {
    log(`benchmark ${file}…`);
    // benchmarks that host the service measure it as `npm start` runs it
    const { code } = await runCaptured(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(dir, file)], {
      env: { NODE_OPTIONS: [process.env.NODE_OPTIONS ?? '', ...serviceNodeFlags].join(' ').trim() },
    });
    if (code !== 0) {
      log(`${file} failed`);
      process.exitCode = 1;
    }
  }
  spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'bench', 'report.ts')], {
    stdio: 'inherit',
    cwd: root,
  });
}

try {
  checkNode();
  ensureDependencies();
  if (command === 'start') {
    start();
  } else if (command === 'test') {
    await test();
  } else if (command === 'bench') {
    await bench();
  } else {
    throw new Error(`unknown command ${command}`);
  }
} catch (error) {
  console.error(`[aurastream] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
