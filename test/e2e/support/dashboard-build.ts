import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dashboard = path.join(root, 'dashboard');

function newestMtime(dir: string): number {
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

/** Sources the bundle is made from: the dashboard and the API contract. */
function newestSource(): number {
  return Math.max(
    newestMtime(path.join(dashboard, 'src')),
    statSync(path.join(dashboard, 'index.html')).mtimeMs,
    statSync(path.join(dashboard, 'vite.config.ts')).mtimeMs,
    newestMtime(path.join(root, 'contract', 'src')),
  );
}

/** Builds `dashboard/dist` when it is missing or older than its sources (`npm test` usually did). */
export function ensureDashboardBuilt(): void {
  const index = path.join(dashboard, 'dist', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource()) {
    return;
  }
  execFileSync('npm', ['run', 'build', '--workspace', 'dashboard'], { cwd: root, stdio: 'pipe' });
}
