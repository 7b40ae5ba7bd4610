/**
 * Twitch's review rules for the panel extension's upload, checked on a built package (used by
 * `npm run extension:package` and its test): every page loads Twitch's Extension Helper first, no
 * inline or remote script but the helper, no iframe, no `eval`/`Function(`, relative paths, and the
 * panel's JavaScript and CSS within the 25 KB (gzipped) budget.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const TWITCH_HELPER_URL = 'https://extension-files.twitch.tv/helper/v1/twitch-ext.min.js';
/** The panel page's JavaScript and CSS, gzipped, at most. */
export const PANEL_BUDGET_BYTES = 25 * 1024;
/** The pages Twitch loads: the panel ("Panel Viewer Path") and the configuration page ("Config Path"). */
export const PACKAGE_PAGES = ['panel.html', 'config.html'] as const;

export interface PackageReport {
  problems: string[];
  /** Gzipped bytes of the panel page's scripts and styles. */
  panelBytes: number;
  /** Every file of the package, relative to its root. */
  files: string[];
}

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(root, full) : [path.relative(root, full)];
  });
}

/** The files a page loads itself: module scripts, module preloads and stylesheets. */
function assetsOf(html: string): string[] {
  const references = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"[^>]*>/g)];
  return references
    .map((match) => match[1]!)
    .filter((reference) => /\.(?:js|css)$/.test(reference) && !/^(?:https?:)?\/\//.test(reference));
}

export function checkExtensionPackage(dir: string): PackageReport {
  const problems: string[] = [];
  const files = filesUnder(dir);
  for (const page of PACKAGE_PAGES) {
    if (!files.includes(page)) {
      problems.push(`${page} is missing at the package root`);
    }
  }
  for (const page of files.filter((file) => file.endsWith('.html'))) {
    const html = readFileSync(path.join(dir, page), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    const first = scripts[0]?.[1] ?? '';
    if (!first.includes(`src="${TWITCH_HELPER_URL}"`)) {
      problems.push(`${page}: Twitch's Extension Helper is not the first script`);
    }
    for (const [, attributes = '', body = ''] of scripts) {
      if (!/\bsrc=/.test(attributes) || body.trim() !== '') {
        problems.push(`${page}: an inline script`);
      }
      const src = /\bsrc="([^"]+)"/.exec(attributes)?.[1] ?? '';
      if (/^(?:https?:)?\/\//.test(src) && src !== TWITCH_HELPER_URL) {
        problems.push(`${page}: a remote script (${src})`);
      }
      if (src.startsWith('/')) {
        problems.push(`${page}: an absolute path (${src}); Twitch serves the files under a path of its own`);
      }
    }
    if (/<iframe\b/i.test(html)) {
      problems.push(`${page}: an iframe`);
    }
    if (/\son[a-z]+="/i.test(html)) {
      problems.push(`${page}: an inline event handler`);
    }
  }
  for (const file of files.filter((name) => name.endsWith('.js'))) {
    const code = readFileSync(path.join(dir, file), 'utf8');
    // `Function(` and `eval(`, and `Function` taken aside to be called later (zod's `const F = Function; new F("")`)
    if (/\bnew Function\s*\(|\bFunction\s*\(\s*['"`]|\beval\s*\(|[=(,:]\s*Function\s*[;,)}]/.test(code)) {
      problems.push(`${file}: eval or Function( (Twitch's CSP has no unsafe-eval)`);
    }
    if (/\bimport\s*\(\s*['"`]https?:/.test(code)) {
      problems.push(`${file}: remote code`);
    }
  }
  let panelBytes = 0;
  if (files.includes('panel.html')) {
    for (const asset of assetsOf(readFileSync(path.join(dir, 'panel.html'), 'utf8'))) {
      panelBytes += gzipSync(readFileSync(path.join(dir, asset.replace(/^\.\//, '')))).length;
    }
    if (panelBytes > PANEL_BUDGET_BYTES) {
      problems.push(`the panel's JavaScript and CSS are ${panelBytes} bytes gzipped, over ${PANEL_BUDGET_BYTES}`);
    }
  }
  return { problems, panelBytes, files };
}
