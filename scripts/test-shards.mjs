// Splits the integration test files into shards that run side by side, each its own mocha process
// with its own shared MongoDB and Redis. Most of an integration test's time is spent waiting (for a
// job's next poll, a lease, a browser, a child process), so shards overlap those waits even on two
// cores. Plain Node (no dependencies), since the bootstrap runs before `npm install`.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Every `*.test.ts` file under `dir`, relative to `root`, sorted. */
export function testFiles(root, dir) {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
      const relative = path.posix.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') {
        walk(relative);
      } else if (entry.isFile() && entry.name.endsWith('.test.ts')) {
        found.push(relative);
      }
    }
  };
  walk(dir);
  return found.sort();
}

/** Milliseconds each test file took in a full run (`test/durations.json`), or none. */
export function knownDurations(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

/**
 * Deals `files` into `count` shards of about equal time: longest first, each to the shard with the
 * least time so far. A file missing from `durations` (a new one) counts as an average file.
 */
export function planShards(files, durations, count) {
  const known = Object.values(durations);
  const average = known.length > 0 ? known.reduce((sum, ms) => sum + ms, 0) / known.length : 1;
  const weighted = files
    .map((file) => ({ file, ms: durations[file] ?? average }))
    .sort((a, b) => b.ms - a.ms || a.file.localeCompare(b.file));
  const shards = Array.from({ length: Math.max(1, Math.min(count, files.length)) }, () => ({ files: [], ms: 0 }));
  for (const { file, ms } of weighted) {
    const lightest = shards.reduce((least, shard) => (shard.ms < least.ms ? shard : least));
    lightest.files.push(file);
    lightest.ms += ms;
  }
  return shards.map((shard) => shard.files.sort());
}
