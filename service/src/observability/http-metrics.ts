import type { RequestHandler } from 'express';
import { routeTemplateOf } from '../http/route-template';
import { httpRequestDuration } from './metrics';

/** The route label of a response no contract route answered: a bounded set, never the URL. */
function untemplatedRoute(path: string, status: number): string {
  if (path.startsWith('/files/')) {
    return '/files/{key}';
  }
  if (path === '/metrics' || path.startsWith('/api/docs')) {
    return path.startsWith('/api/docs') ? '/api/docs' : '/metrics';
  }
  return status === 404 ? '(unmatched)' : '(static)';
}

/**
 * Records every request's latency in `aurastream_http_request_duration_seconds`, labelled with
 * its contract route template. Kept to one timestamp and one listener per request: it runs
 * before everything else on every request.
 */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      // originalUrl: a mounted middleware (the /files folder) has cut its prefix off req.path
      const route = routeTemplateOf(res) ?? untemplatedRoute(req.originalUrl.split('?', 1)[0] ?? '', res.statusCode);
      httpRequestDuration.observe(
        { method: req.method, route, status: res.statusCode },
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}

/** Records a request the fast path answered, under its contract route template. */
export function observeAnsweredRequest(method: string, route: string, status: number, startedAt: number): void {
  httpRequestDuration.observe({ method, route, status }, (performance.now() - startedAt) / 1000);
}
