import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const extension = path.join(root, 'extension');

function newestMtime(target: string): number {
  const stats = statSync(target);
  if (!stats.isDirectory()) {
    return stats.mtimeMs;
  }
  let newest = 0;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') {
      continue;
    }
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** Sources the bundle is made from: the extension's pages and code, and the API contract. */
function newestSource(): number {
  return Math.max(
    ...['src', 'public', 'index.html', 'panel.html', 'vite.config.ts'].map((name) =>
      newestMtime(path.join(extension, name)),
    ),
    newestMtime(path.join(root, 'contract', 'src')),
  );
}

/** Builds `extension/dist` when it is missing or older than its sources (`npm test` usually did). */
export function ensureExtensionBuilt(): void {
  const pages = ['index.html', 'panel.html', 'config.html'].map((page) => path.join(extension, 'dist', page));
  const newest = newestSource();
  if (pages.every((page) => existsSync(page) && statSync(page).mtimeMs >= newest)) {
    return;
  }
  execFileSync('npm', ['run', 'build', '--workspace', 'extension'], { cwd: root, stdio: 'pipe' });
}
