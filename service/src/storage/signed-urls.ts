import type { RequestHandler } from 'express';
import { assertSafeKey } from './file-storage';

/** When a signed URL was signed and how long it works from then. */
export interface SignedUrlValidity {
  signedAt: Date;
  expiresInSeconds: number;
}

/** A store that can hand out URLs reading a file straight from it until they expire (S3). */
export interface PresigningFileStorage {
  presign(key: string, validity: SignedUrlValidity): Promise<string>;
}

/** A signed URL of a file, and how long a client may keep using it (cache the answer that named it). */
export interface SignedFileUrl {
  url: string;
  maxAgeSeconds: number;
}

/** Hands out signed, expiring URLs of stored files (`STORAGE_SIGNED_URLS`). */
export interface SignedFileUrls {
  sign(key: string): Promise<SignedFileUrl>;
}

/**
 * The validity of a URL signed at `nowMs` for `seconds`. URLs are signed at the start of fixed
 * windows of half that length, so every request within a window gets the same URL (a browser's
 * cached copy of the file stays good) and each URL works for at least `seconds` from when it was
 * handed out, at most half as long again. `maxAgeSeconds` leaves the URL valid for at least
 * another half of `seconds` after a cached redirect to it expires.
 */
export function signingWindow(seconds: number, nowMs: number): SignedUrlValidity & { maxAgeSeconds: number } {
  const windowSeconds = Math.max(1, Math.floor(seconds / 2));
  const windowStart = Math.floor(nowMs / 1000 / windowSeconds) * windowSeconds;
  const expiresInSeconds = seconds + windowSeconds;
  const remaining = windowStart + expiresInSeconds - Math.floor(nowMs / 1000);
  return {
    signedAt: new Date(windowStart * 1000),
    expiresInSeconds,
    maxAgeSeconds: Math.max(0, Math.min(windowSeconds, remaining - windowSeconds)),
  };
}

export function createSignedFileUrls(
  storage: PresigningFileStorage,
  seconds: number,
  now: () => number = Date.now,
): SignedFileUrls {
  return {
    async sign(key) {
      const { maxAgeSeconds, ...validity } = signingWindow(seconds, now());
      return { url: await storage.presign(key, validity), maxAgeSeconds };
    },
  };
}

/**
 * `/files/<key>` when files are served through signed URLs: a redirect to the file's signed URL in
 * the bucket, so the bytes never pass through the service. File URLs stored with assets and logos
 * point here and never expire themselves; the signed URL they lead to does.
 */
export function signedFileRedirects(urls: SignedFileUrls): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    let key: string;
    try {
      key = decodeURIComponent(req.path.replace(/^\//, ''));
      assertSafeKey(key);
    } catch {
      next();
      return;
    }
    urls.sign(key).then(({ url, maxAgeSeconds }) => {
      res.setHeader('Cache-Control', `public, max-age=${maxAgeSeconds}`);
      res.redirect(302, url);
    }, next);
  };
}
