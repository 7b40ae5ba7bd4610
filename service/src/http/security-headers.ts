import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** The panel extension's pages, which Twitch embeds in its own pages. */
function isExtensionPage(path: string): boolean {
  return /^\/extension(\/|$)/.test(path);
}

function securityHeaders(frameAncestors: string[], sameOriginFramesOnly: boolean): RequestHandler {
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

/**
 * Helmet's headers with the framing rule per page: only the extension's pages may be framed by
 * Twitch (its sites, and this extension's own `<client id>.ext-twitch.tv` origin when the client id
 * is configured); the dashboard, the API and the docs only by the service itself, so no other site
 * can frame them (clickjacking).
 */
export function securityHeadersByPage(extensionClientId: string): RequestHandler {
  const extensionOrigin = extensionClientId ? `https://${extensionClientId}.ext-twitch.tv` : 'https://*.ext-twitch.tv';
  const extensionPages = securityHeaders(["'self'", 'https://*.twitch.tv', extensionOrigin], false);
  const everythingElse = securityHeaders(["'self'"], true);
  return (req, res, next) => (isExtensionPage(req.path) ? extensionPages : everythingElse)(req, res, next);
}
