import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisKeys } from '../../db/redis-keys';
import type { UserId } from '../../users/user.repository';
import { generateSecureToken, hashSecureToken } from '../secure-token';

/** How long a person has to finish signing in at the provider. */
export const OAUTH_STATE_TTL_SECONDS = 600;

interface StoredState {
  provider: string;
  /** Hash of the nonce in the browser's cookie: only that browser can complete the flow. */
  browserBinding: string;
  codeVerifier: string | null;
  /** Set when a signed-in user connects the provider to their account. */
  linkUserId: UserId | null;
}

export interface StartedState {
  state: string;
  /** Goes into the browser's httpOnly cookie. */
  browserNonce: string;
  codeChallenge: string | null;
}

export interface CompletedState {
  codeVerifier: string | null;
  linkUserId: UserId | null;
}

/** The S256 PKCE challenge of a verifier (RFC 7636). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/**
 * OAuth `state` values in Redis: random, single use, short-lived, and bound to the browser that
 * started the flow (a login CSRF with someone else's code fails), with the PKCE verifier when the
 * provider supports it.
 */
export class OAuthStateStore {
  constructor(private readonly redis: Redis) {}

  async start(request: { provider: string; pkce: boolean; linkUserId: UserId | null }): Promise<StartedState> {
    const state = generateSecureToken();
    const browserNonce = generateSecureToken();
    const codeVerifier = request.pkce ? generateSecureToken() : null;
    const stored: StoredState = {
      provider: request.provider,
      browserBinding: hashSecureToken(browserNonce),
      codeVerifier,
      linkUserId: request.linkUserId,
    };
    await this.redis.set(redisKeys.oauthState(state), JSON.stringify(stored), 'EX', OAUTH_STATE_TTL_SECONDS);
    return { state, browserNonce, codeChallenge: codeVerifier ? pkceChallenge(codeVerifier) : null };
  }

  /** Takes the state (it works once); null unless it exists, is the provider's and this browser's. */
  async complete(request: {
    provider: string;
    state: string;
    browserNonce: string | undefined;
  }): Promise<CompletedState | null> {
    const key = redisKeys.oauthState(request.state);
    const results = await this.redis.multi().get(key).del(key).exec();
    const raw = results?.[0]?.[1];
    if (typeof raw !== 'string' || !request.browserNonce) {
      return null;
    }
    const stored = JSON.parse(raw) as StoredState;
    if (stored.provider !== request.provider || stored.browserBinding !== hashSecureToken(request.browserNonce)) {
      return null;
    }
    return { codeVerifier: stored.codeVerifier, linkUserId: stored.linkUserId };
  }
}
