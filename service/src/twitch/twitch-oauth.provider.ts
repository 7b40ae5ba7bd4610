import { TWITCH_SCOPE_SETS, TWITCH_SIGN_IN_SCOPES } from '@aurastream/contract';
import type { Config } from '../config';
import { UpstreamError } from '../shared/errors';
import type { OAuthIdentity, OAuthProvider, OAuthTokenSet } from '../auth/oauth/oauth-provider';

const REQUEST_TIMEOUT_MS = 10_000;

interface TwitchTokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string[];
  token_type: string;
}

export interface TwitchTokenValidation {
  client_id: string;
  login: string;
  scopes: string[] | null;
  user_id: string;
  expires_in: number;
}

interface TwitchUser {
  id: string;
  login: string;
  display_name: string;
  email?: string;
  profile_image_url: string;
}

/** Twitch's error bodies are `{status, message}` (OAuth) or `{error, status, message}` (Helix). */
async function twitchError(response: Response, what: string): Promise<UpstreamError> {
  let detail = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') {
      detail = body.message;
    }
  } catch {
    // not JSON: the status says enough
  }
  return new UpstreamError('twitch_error', `Twitch refused ${what}: ${detail}`, { status: response.status });
}

/**
 * Twitch's OAuth 2 authorization-code flow, against `TWITCH_AUTH_BASE_URL` (token, validate,
 * revoke) and `TWITCH_HELIX_BASE_URL` (the user's profile). Twitch documents no PKCE support for
 * this flow, so none is sent; the browser-bound `state` protects the flow.
 */
export class TwitchOAuthProvider implements OAuthProvider {
  readonly name = 'twitch';
  readonly displayName = 'Twitch';
  readonly supportsPkce = false;
  /** Least privilege: sign-in asks only for the e-mail; features ask for theirs when turned on. */
  readonly signInScopes = TWITCH_SIGN_IN_SCOPES;

  constructor(private readonly config: Config['twitch']) {}

  get simulated(): boolean {
    return this.config.simulated;
  }

  isConfigured(): boolean {
    return this.config.clientId !== '' && this.config.clientSecret !== '';
  }

  scopeSet(name: string): readonly string[] | null {
    return Object.hasOwn(TWITCH_SCOPE_SETS, name) ? TWITCH_SCOPE_SETS[name as keyof typeof TWITCH_SCOPE_SETS] : null;
  }

  authorizationUrl(request: {
    state: string;
    redirectUri: string;
    codeChallenge: string | null;
    scopes?: readonly string[];
  }): string {
    const query = new URLSearchParams({
      client_id: this.config.clientId,
      redirect_uri: request.redirectUri,
      response_type: 'code',
      scope: (request.scopes ?? this.signInScopes).join(' '),
      state: request.state,
    });
    if (request.codeChallenge) {
      query.set('code_challenge', request.codeChallenge);
      query.set('code_challenge_method', 'S256');
    }
    return `${this.config.authBaseUrl}/authorize?${query.toString()}`;
  }

  async exchangeCode(request: {
    code: string;
    redirectUri: string;
    codeVerifier: string | null;
  }): Promise<OAuthTokenSet> {
    const form = new URLSearchParams({
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
      code: request.code,
      grant_type: 'authorization_code',
      redirect_uri: request.redirectUri,
    });
    if (request.codeVerifier) {
      form.set('code_verifier', request.codeVerifier);
    }
    const response = await fetch(`${this.config.authBaseUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      throw await twitchError(response, 'the authorization code');
    }
    const body = (await response.json()) as TwitchTokenResponse;
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token ?? null,
      expiresAt: typeof body.expires_in === 'number' ? new Date(Date.now() + body.expires_in * 1000) : null,
      scopes: body.scope ?? [],
    };
  }

  /** Twitch's token introspection; also tells which user the token belongs to. */
  async validate(accessToken: string): Promise<TwitchTokenValidation> {
    const response = await fetch(`${this.config.authBaseUrl}/validate`, {
      headers: { authorization: `OAuth ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      throw await twitchError(response, 'the access token');
    }
    return (await response.json()) as TwitchTokenValidation;
  }

  async fetchIdentity(tokens: OAuthTokenSet): Promise<OAuthIdentity> {
    const validation = await this.validate(tokens.accessToken);
    if (validation.client_id !== this.config.clientId) {
      throw new UpstreamError('twitch_error', 'Twitch issued the token to another application');
    }
    const response = await fetch(`${this.config.helixBaseUrl}/users?id=${encodeURIComponent(validation.user_id)}`, {
      headers: {
        'client-id': this.config.clientId,
        authorization: `Bearer ${tokens.accessToken}`,
        accept: 'application/json',
      },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      throw await twitchError(response, 'the profile request');
    }
    const { data } = (await response.json()) as { data: TwitchUser[] };
    const user = data[0];
    if (!user) {
      throw new UpstreamError('twitch_error', 'Twitch did not return the signed-in user');
    }
    return {
      platformUserId: user.id,
      login: user.login,
      displayName: user.display_name || user.login,
      // Helix returns only the verified address, and only with the user:read:email scope
      email: user.email ? user.email.toLowerCase() : null,
      emailVerified: Boolean(user.email),
      avatarUrl: user.profile_image_url || null,
    };
  }

  /** Withdraws the grant at Twitch (account deletion). */
  async revoke(accessToken: string): Promise<void> {
    const response = await fetch(`${this.config.authBaseUrl}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: this.config.clientId, token: accessToken }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // 400 "Invalid token": it no longer works anyway
    if (!response.ok && response.status !== 400) {
      throw await twitchError(response, 'the token revocation');
    }
  }
}
