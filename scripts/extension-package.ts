/**
 * `npm run extension:package`: builds the panel extension for Twitch (the panel and config pages,
 * not the test harness), checks it against Twitch's review rules and zips it for the developer
 * console's upload, with the files at the zip's root.
 *
 *   VITE_AURASTREAM_API_URL=https://api.aurastream.example npm run extension:package
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import archiver from 'archiver';
import { checkExtensionPackage } from './extension-package-check';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extension = path.join(root, 'extension');
export const PACKAGE_DIR = path.join(extension, 'package');
export const PACKAGE_ZIP = path.join(extension, 'aurastream-extension.zip');

/** The production API origin the panel calls from Twitch's CDN: required, https, an origin only. */
export function apiOriginOf(value: string | undefined): string {
  if (!value) {
    throw new Error(
      'Set VITE_AURASTREAM_API_URL to the service’s public https origin (the panel runs on Twitch’s CDN)',
    );
  }
  const url = new URL(value);
  if (url.protocol !== 'https:') {
    throw new Error(`VITE_AURASTREAM_API_URL must be https (Twitch allows no other): ${value}`);
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`VITE_AURASTREAM_API_URL must be an origin, without a path: ${value}`);
  }
  return url.origin;
}

export async function buildExtensionPackage(apiUrl: string | undefined): Promise<{ panelBytes: number }> {
  const origin = apiOriginOf(apiUrl);
  execFileSync('npx', ['vite', 'build'], {
    cwd: extension,
    stdio: 'pipe',
    env: { ...process.env, EXTENSION_BUILD: 'package', VITE_AURASTREAM_API_URL: origin },
  });
  const report = checkExtensionPackage(PACKAGE_DIR);
  if (report.problems.length > 0) {
    throw new Error(`The package breaks Twitch's review rules:\n- ${report.problems.join('\n- ')}`);
  }
  rmSync(PACKAGE_ZIP, { force: true });
  const archive = archiver('zip', { zlib: { level: 9 } });
  const output = createWriteStream(PACKAGE_ZIP);
  const written = new Promise<void>((resolve, reject) => {
    output.on('close', resolve);
    archive.on('error', reject);
  });
  archive.pipe(output);
  archive.directory(PACKAGE_DIR, false);
  await archive.finalize();
  await written;
  return { panelBytes: report.panelBytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildExtensionPackage(process.env.VITE_AURASTREAM_API_URL).then(
    ({ panelBytes }) => {
      process.stdout.write(
        `Built ${path.relative(root, PACKAGE_ZIP)} (panel JS+CSS ${(panelBytes / 1024).toFixed(1)} KB gzipped)\n`,
      );
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
