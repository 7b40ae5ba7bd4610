import type { ExtensionDevTokenResponse, ExtensionViewerRole } from '@aurastream/contract';
import type { ExtensionJwt } from '../auth/extension-jwt';
import type { CachedAnswer } from '../db/read-cache';
import type { ExtensionViewer } from '../auth/principal';
import type { LimitCount, RateLimiter } from '../rate-limit/rate-limiter';
import { DevTokensDisabledError } from './errors';
import type { ShowcaseService } from './showcase.service';

/** Lifetime of a harness token; Twitch's own are refreshed about as often. */
const DEV_TOKEN_TTL_SECONDS = 3600;

/** What the panel extension shows viewers, and the development harness's tokens. */
export interface ExtensionApi {
  /**
   * The public showcase of the channel the viewer is watching, serialised, with its ETag (what the
   * HTTP route sends, or a 304); the route counts `panelLimits` with its per-IP count, in one call.
   */
  panelAnswer(principal: ExtensionViewer): Promise<CachedAnswer>;
  /** What one read of the panel counts against (per viewer). */
  panelLimits(principal: ExtensionViewer): LimitCount[];
  /** A viewer token like Twitch's, for the development harness; refused outside development. */
  devToken(channelId: string, role: ExtensionViewerRole, userId?: string): Promise<ExtensionDevTokenResponse>;
}

export function createExtensionApi(deps: {
  showcase: ShowcaseService;
  tokens: ExtensionJwt;
  perViewerLimiter: RateLimiter;
  /** Why development tokens are off (production, Twitch's secret configured); null when they are on. */
  devTokensDisabledReason: string | null;
}): ExtensionApi {
  return {
    panelAnswer: (principal) => deps.showcase.answerFor(principal.channelId),
    panelLimits: (principal) => [{ limiter: deps.perViewerLimiter, subject: principal.opaqueUserId }],
    async devToken(channelId, role, userId) {
      if (deps.devTokensDisabledReason) {
        throw new DevTokensDisabledError(deps.devTokensDisabledReason);
      }
      const { token, viewer } = await deps.tokens.sign(
        channelId,
        role,
        DEV_TOKEN_TTL_SECONDS,
        new Date(),
        userId ?? null,
      );
      return {
        token,
        channel_id: viewer.channelId,
        opaque_user_id: viewer.opaqueUserId,
        role: viewer.role,
        expires_at: viewer.expiresAt.toISOString(),
      };
    },
  };
}
