import type { RequestHandler, Router } from 'express';

/** The literal start of an Express route path, before its first parameter or wildcard, in lower case. */
function literalPrefix(path: string): string {
  const cut = path.search(/[:*{(]/);
  return (cut < 0 ? path : path.slice(0, cut)).replace(/\/+$/, '').toLowerCase();
}

/**
 * A feature's router behind a check of the request's path: a request none of its routes can match
 * (no route path starts the same way) skips the router instead of being tried against each route.
 * The app mounts every feature's router at its root, so without this each request walked every
 * feature's routes before reaching its own. A router with middleware of its own (a layer without a
 * route path) may act on any request and is returned as it is. Matching is case-insensitive and
 * allows a trailing slash, as Express's routing does; a prefix that lets too much through only
 * costs the walk it would have cost anyway.
 */
export function gatedByPath(router: Router): RequestHandler {
  const paths = (router.stack as { route?: { path?: unknown } }[]).map((layer) => layer.route?.path);
  if (paths.length === 0 || paths.some((path) => typeof path !== 'string')) {
    return router;
  }
  const prefixes = [...new Set((paths as string[]).map(literalPrefix))];
  return (req, res, next) => {
    const path = req.path.toLowerCase();
    if (prefixes.some((prefix) => path.startsWith(prefix))) {
      router(req, res, next);
      return;
    }
    next();
  };
}
