import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { Express, Request, RequestHandler, Response } from 'express';

/**
 * Serving a built client (the dashboard, the extension) light and cacheable:
 * - text files go as the `.br` or `.gz` the build wrote beside them, to browsers that accept one;
 * - files under `assets/` carry a content hash in their names, so they are cached for a year and
 *   never revalidated; everything else (index.html) is revalidated every time, so a new release
 *   shows at once;
 * - source maps are never served.
 */

const YEAR_SECONDS = 365 * 24 * 3600;
/** Browsers' preference order; brotli is smaller by about a sixth for JS. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;
type EncodingName = (typeof ENCODINGS)[number]['name'];

interface BuiltFile {
  absolute: string;
  /** Precompressed siblings the build wrote. */
  encoded: Partial<Record<EncodingName, string>>;
  immutable: boolean;
}

/** Cache-Control of a file: hashed names never change; the rest is revalidated. */
export function cacheControlFor(immutable: boolean): string {
  return immutable ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache';
}

/** The files of a build by URL path (`/assets/index-3f2a.js`), read once when the service starts. */
function indexBuild(distDir: string): Map<string, BuiltFile> {
  const files = new Map<string, BuiltFile>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(absolute);
        continue;
      }
      if (/\.(br|gz|map)$/.test(entry.name)) {
        continue;
      }
      const relative = path.relative(distDir, absolute).split(path.sep).join('/');
      const encoded: BuiltFile['encoded'] = {};
      for (const { name, suffix } of ENCODINGS) {
        if (statSync(`${absolute}${suffix}`, { throwIfNoEntry: false })?.isFile()) {
          encoded[name] = `${absolute}${suffix}`;
        }
      }
      files.set(`/${relative}`, { absolute, encoded, immutable: relative.startsWith('assets/') });
    }
  };
  walk(distDir);
  return files;
}

/** The encoding to answer with among those available, by the request's Accept-Encoding. */
function chooseEncoding(req: Request, available: readonly EncodingName[]): EncodingName | null {
  if (available.length === 0) {
    return null;
  }
  const chosen = req.acceptsEncodings(...available, 'identity');
  return available.find((name) => name === chosen) ?? null;
}

function sendBuiltFile(req: Request, res: Response, file: BuiltFile, next: (error?: unknown) => void): void {
  const encoding = chooseEncoding(req, Object.keys(file.encoded) as EncodingName[]);
  res.setHeader('Vary', 'Accept-Encoding');
  res.type(path.extname(file.absolute));
  if (encoding) {
    res.setHeader('Content-Encoding', encoding);
  }
  res.sendFile(
    encoding ? file.encoded[encoding]! : file.absolute,
    // Cache-Control set here: `send` would otherwise write its own max-age
    { cacheControl: false, headers: { 'Cache-Control': cacheControlFor(file.immutable) } },
    (error) => {
      if (error && !res.headersSent) {
        next(error);
      }
    },
  );
}

/**
 * Mounts a built single-page app at `mountPath`: its files as above, and its index.html for any
 * other page path (API, file and websocket paths answer their own 404s). Nothing when not built.
 */
export function serveBuiltClient(app: Express, mountPath: string, distDir: string): void {
  if (!statSync(path.join(distDir, 'index.html'), { throwIfNoEntry: false })) {
    return;
  }
  const files = indexBuild(distDir);
  const index = files.get('/index.html')!;
  const prefix = mountPath === '/' ? '' : mountPath;
  app.use(mountPath, (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const file = files.get(req.path === '/' ? '/index.html' : req.path);
    if (file) {
      sendBuiltFile(req, res, file, next);
      return;
    }
    const fullPath = `${prefix}${req.path}`;
    // API, file and websocket paths answer their own 404s, never the app's page; so do missing files
    if (/^\/(api|files|socket\.io)(\/|$)/.test(fullPath) || path.extname(req.path) !== '' || !req.accepts('html')) {
      next();
      return;
    }
    sendBuiltFile(req, res, index, next);
  });
}

/**
 * A handler that answers one document made at start-up (the OpenAPI JSON), compressed once with
 * brotli and gzip for the clients that accept them.
 */
export function precompressedDocument(body: string, contentType: string): RequestHandler {
  const identity = Buffer.from(body);
  const variants: Record<EncodingName, Buffer> = {
    br: brotliCompressSync(identity, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip: gzipSync(identity, { level: 9 }),
  };
  return (req, res) => {
    const encoding = chooseEncoding(req, ['br', 'gzip']);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', 'no-cache');
    res.type(contentType);
    if (encoding) {
      res.setHeader('Content-Encoding', encoding);
    }
    res.send(encoding ? variants[encoding] : identity);
  };
}
