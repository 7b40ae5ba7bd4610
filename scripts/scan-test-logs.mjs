#!/usr/bin/env node
// After the integration tests: every log a service, worker, bot or database of the run wrote
// (test-results/logs) is searched for every secret the run used (test-results/secrets: settings
// marked secret, passwords sent, the fake Twitch's secrets and tokens) and for service credentials
// by their shape. A finding names the file, the line and the kind of secret, never the secret.
// Plain Node and grep (no dependencies), since the bootstrap runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Shorter values (an empty default, a two-letter id) would match by chance. */
const MIN_SECRET_LENGTH = 6;

/** Secrets recognised by their shape rather than recorded: `aura_svc_` and 32 bytes in base64url. */
const secretShapes = [{ kind: 'service credential (aura_svc_…)', pattern: 'aura_svc_[A-Za-z0-9_-]{43}' }];

/** value → kind, from every `*.jsonl` of `secretsDir` (lines `{"kind", "value"}`). */
export function readSecrets(secretsDir) {
  const secrets = new Map();
  if (!existsSync(secretsDir)) {
    return secrets;
  }
  for (const file of readdirSync(secretsDir).filter((name) => name.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(secretsDir, file), 'utf8').split('\n')) {
      if (!line) {
        continue;
      }
      const { kind, value } = JSON.parse(line);
      // a secret's value never spans lines in a log line (JSON escapes them): search its first line
      const searched = String(value).split('\n')[0];
      if (searched.length >= MIN_SECRET_LENGTH && !secrets.has(searched)) {
        secrets.set(searched, kind);
      }
    }
  }
  return secrets;
}

/** `grep -rn` over `logDir`: the matching lines as { file, line, text } (exit 1: none). */
function grepLines(logDir, args) {
  const result = spawnSync('grep', ['-rnaH', ...args, '--', logDir], { maxBuffer: 1024 * 1024 * 1024 });
  if (result.status === 1) {
    return [];
  }
  if (result.status !== 0) {
    throw new Error(`grep failed (exit ${result.status ?? result.signal}): ${result.stderr}`);
  }
  return result.stdout
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((row) => {
      const match = /^(.*?):(\d+):(.*)$/s.exec(row);
      return { file: match[1], line: Number(match[2]), text: match[3] };
    });
}

/**
 * Every line of every file under `logDir` holding a secret: `{ file, line, kinds }`, sorted.
 * grep finds the lines (Aho-Corasick over thousands of secrets); each is then told which it holds.
 */
export function scanTestLogs({ logDir, secretsDir }) {
  const secrets = readSecrets(secretsDir);
  const findings = new Map();
  const add = (file, line, kind) => {
    const key = `${file}:${line}`;
    const finding = findings.get(key) ?? { file, line, kinds: new Set() };
    finding.kinds.add(kind);
    findings.set(key, finding);
  };
  if (!existsSync(logDir)) {
    return { findings: [], secrets: secrets.size, files: 0 };
  }
  if (secrets.size > 0) {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'aurastream-scan-'));
    try {
      const patterns = path.join(scratch, 'secrets');
      writeFileSync(patterns, [...secrets.keys()].join('\n'));
      for (const { file, line, text } of grepLines(logDir, ['-F', '-f', patterns])) {
        for (const [value, kind] of secrets) {
          if (text.includes(value)) {
            add(file, line, kind);
          }
        }
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  for (const { kind, pattern } of secretShapes) {
    for (const { file, line } of grepLines(logDir, ['-E', pattern])) {
      add(file, line, kind);
    }
  }
  const files = readdirSync(logDir, { recursive: true }).filter((name) => name.endsWith('.log')).length;
  const sorted = [...findings.values()]
    .map((finding) => ({ ...finding, kinds: [...finding.kinds].sort() }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { findings: sorted, secrets: secrets.size, files };
}

/** The report: one line per finding (file:line and the kinds of secret), or the all-clear. */
export function describeScan({ findings, secrets, files }, root) {
  if (findings.length === 0) {
    return `no secret in the test logs (${files} log files, ${secrets} secrets and the service credential shape)`;
  }
  const shown = findings
    .slice(0, 50)
    .map(({ file, line, kinds }) => `  ${path.relative(root, file)}:${line}: ${kinds.join(', ')}`);
  const more = findings.length > shown.length ? [`  … and ${findings.length - shown.length} more lines`] : [];
  return [`${findings.length} log line(s) hold a secret of the run:`, ...shown, ...more].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const scan = scanTestLogs({
    logDir: path.resolve(process.argv[2] ?? path.join(root, 'test-results', 'logs')),
    secretsDir: path.resolve(process.argv[3] ?? path.join(root, 'test-results', 'secrets')),
  });
  console.log(describeScan(scan, root));
  process.exit(scan.findings.length > 0 ? 1 : 0);
}
