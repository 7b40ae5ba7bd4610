import { Router } from 'express';
import { bindRoute, type CallerVerifiers } from '../http/route';
import { rateLimitMiddleware, type RateLimiter } from '../rate-limit/rate-limiter';
import type { ExtensionJwt } from '../auth/extension-jwt';
import { DevTokensDisabledError } from './errors';
import { extensionEndpoints } from '@aurastream/contract';
import type { ShowcaseService } from './showcase.service';

/** Lifetime of a harness token; Twitch's own are refreshed about as often. */
const DEV_TOKEN_TTL_SECONDS = 3600;

export interface ExtensionRouterDependencies {
  callers: CallerVerifiers;
  tokens: ExtensionJwt;
  showcase: ShowcaseService;
  perIpLimiter: RateLimiter;
  perViewerLimiter: RateLimiter;
  /** Why `dev-token` is off (production, Twitch's secret configured); null when it is on. */
  devTokensDisabledReason: string | null;
}

export function createExtensionRouter(deps: ExtensionRouterDependencies): Router {
  const router = Router();
  // counted before the token is checked (bindRoute), so forged tokens cost their sender too
  const limitIp = rateLimitMiddleware(deps.perIpLimiter);

  bindRoute(
    router,
    deps.callers,
    extensionEndpoints.panel,
    async ({ principal }) => {
      await deps.perViewerLimiter.consume(principal.opaqueUserId);
      return deps.showcase.panelFor(principal.channelId);
    },
    { before: [limitIp] },
  );

  bindRoute(
    router,
    deps.callers,
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
