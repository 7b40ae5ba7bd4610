import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** The panel extension's pages, which Twitch embeds in its own pages. */
function isExtensionPage(path: string): boolean {
  return /^\/extension(\/|$)/.test(path);
}

function helmetFor(frameAncestors: string[], sameOriginFramesOnly: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'frame-ancestors': frameAncestors,
        // Swagger UI needs inline styles (allowed by helmet's defaults)
        'img-src': ["'self'", 'data:', 'blob:', 'https:'],
        'connect-src': ["'self'", 'ws:', 'wss:'],
        // the panel extension loads Twitch's extension helper, as Twitch requires
        'script-src': ["'self'", 'https://extension-files.twitch.tv'],
      },
    },
    // browsers that know frame-ancestors ignore X-Frame-Options; older ones would refuse Twitch's frame
    xFrameOptions: sameOriginFramesOnly ? { action: 'sameorigin' } : false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}

/** Header names and values, flat (`[name, value, name, value, …]`), as `writeHead` takes them. */
export type FlatHeaders = readonly string[];

/**
 * The headers a middleware sets on an answer to a plain GET that names no origin, found by running it
 * once on a stand-in request. Helmet's headers do not depend on the request (no nonces here), so they
 * are worked out at start-up instead of through a dozen middleware calls per request, and stay
 * exactly what helmet sets.
 */
export function headersSetBy(middleware: RequestHandler): FlatHeaders {
  const set = new Map<string, string>();
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.set(name, Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      set.delete(name);
    },
    getHeader: (name: string) => set.get(name),
    statusCode: 200,
  };
  let called = false;
  middleware({ method: 'GET', url: '/', headers: {} } as never, res as never, () => {
    called = true;
  });
  if (!called) {
    throw new Error('a header middleware did not finish synchronously');
  }
  return [...set].flat();
}

/** Helmet's headers per kind of page: the extension's pages may be framed by Twitch, nothing else. */
export interface SecurityHeaders {
  forPath(path: string): FlatHeaders;
  /** Sets them on an Express answer. */
  middleware: RequestHandler;
}

/**
 * Helmet's headers with the framing rule per page: only the extension's pages may be framed by
 * Twitch (its sites, and this extension's own `<client id>.ext-twitch.tv` origin when the client id
 * is configured); the dashboard, the API and the docs only by the service itself, so no other site
 * can frame them (clickjacking).
 */
export function securityHeadersByPage(extensionClientId: string): SecurityHeaders {
  const extensionOrigin = extensionClientId ? `https://${extensionClientId}.ext-twitch.tv` : 'https://*.ext-twitch.tv';
  const extensionPages = headersSetBy(helmetFor(["'self'", 'https://*.twitch.tv', extensionOrigin], false));
  const everythingElse = headersSetBy(helmetFor(["'self'"], true));
  const forPath = (path: string) => (isExtensionPage(path) ? extensionPages : everythingElse);
  return {
    forPath,
    middleware: (req, res, next) => {
      setAll(res, forPath(req.path));
      next();
    },
  };
}

/** Sets flat headers on an answer not yet started. */
export function setAll(res: ServerResponse, headers: FlatHeaders): void {
  for (let i = 0; i < headers.length; i += 2) {
    res.setHeader(headers[i] as string, headers[i + 1] as string);
  }
}
