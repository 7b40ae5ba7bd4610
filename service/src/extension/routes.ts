import { Router, type Request } from 'express';
import { bindRoute, type AuthenticateRequest } from '../http/route';
import { rateLimitMiddleware, type RateLimiter } from '../rate-limit/rate-limiter';
import { DevTokensDisabledError, extensionTokenErrors } from './errors';
import type { ExtensionJwt } from './extension-jwt';
import { extensionEndpoints } from '@aurastream/contract';
import type { ShowcaseService } from './showcase.service';

/** Lifetime of a harness token; Twitch's own are refreshed about as often. */
const DEV_TOKEN_TTL_SECONDS = 3600;

export interface ExtensionRouterDependencies {
  authenticate: AuthenticateRequest;
  tokens: ExtensionJwt;
  showcase: ShowcaseService;
  perIpLimiter: RateLimiter;
  perViewerLimiter: RateLimiter;
  /** Why `dev-token` is off (production, Twitch's secret configured); null when it is on. */
  devTokensDisabledReason: string | null;
}

/** The viewer's extension JWT: `x-extension-jwt`, else `Authorization: Bearer`. */
function extensionTokenOf(req: Request): string {
  const explicit = req.headers['x-extension-jwt'];
  if (typeof explicit === 'string' && explicit.trim()) {
    return explicit.trim();
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) {
    throw extensionTokenErrors.missing();
  }
  return match[1];
}

export function createExtensionRouter(deps: ExtensionRouterDependencies): Router {
  const router = Router();
  // counted before the token is checked, so forged tokens cost their sender too
  const limitIp = rateLimitMiddleware(deps.perIpLimiter);

  bindRoute(
    router,
    deps.authenticate,
    extensionEndpoints.panel,
    async ({ req }) => {
      const viewer = await deps.tokens.verify(extensionTokenOf(req));
      await deps.perViewerLimiter.consume(viewer.opaqueUserId);
      return deps.showcase.panelFor(viewer.channelId);
    },
    { before: [limitIp] },
  );

  bindRoute(
    router,
    deps.authenticate,
    extensionEndpoints.devToken,
    async ({ body }) => {
      if (deps.devTokensDisabledReason) {
        throw new DevTokensDisabledError(deps.devTokensDisabledReason);
      }
      const { token, viewer } = await deps.tokens.sign(body.channel_id, body.role, DEV_TOKEN_TTL_SECONDS);
      return {
        token,
        channel_id: viewer.channelId,
        opaque_user_id: viewer.opaqueUserId,
        role: viewer.role,
        expires_at: viewer.expiresAt.toISOString(),
      };
    },
    { before: [limitIp] },
  );

  return router;
}
