/** Tokens a provider issued for a user. */
export interface OAuthTokenSet {
  accessToken: string;
  refreshToken: string | null;
  /** When the access token expires; null when the provider does not say. */
  expiresAt: Date | null;
  scopes: string[];
}

/** Who the user is at the provider. */
export interface OAuthIdentity {
  platformUserId: string;
  /** Display login at the provider, e.g. the Twitch channel name. */
  login: string;
  displayName: string;
  email: string | null;
  /** Whether the provider vouches that the address belongs to the user. */
  emailVerified: boolean;
  avatarUrl: string | null;
}

/** A sign-in provider (OAuth 2 authorization-code flow). */
export interface OAuthProvider {
  /** Path segment and `platform_connections.platform` value, e.g. `twitch`. */
  readonly name: string;
  /** Shown to people, e.g. `Twitch`. */
  readonly displayName: string;
  /** Whether the provider checks PKCE (RFC 7636) code challenges. */
  readonly supportsPkce: boolean;
  /** False until the client id and secret are configured. */
  isConfigured(): boolean;
  /** A simulated provider of development (the fake Twitch), not the real one. */
  readonly simulated: boolean;
  /** What signing in asks for. */
  readonly signInScopes: readonly string[];
  /** The scopes of a named feature (incremental consent), or null when the name is not one. */
  scopeSet(name: string): readonly string[] | null;
  /** `scopes`: what to ask for; the sign-in scopes when absent. */
  authorizationUrl(request: {
    state: string;
    redirectUri: string;
    codeChallenge: string | null;
    scopes?: readonly string[];
  }): string;
  /** Exchanges the code; throws UpstreamError when the provider refuses or fails. */
  exchangeCode(request: { code: string; redirectUri: string; codeVerifier: string | null }): Promise<OAuthTokenSet>;
  fetchIdentity(tokens: OAuthTokenSet): Promise<OAuthIdentity>;
}

/**
 * A sign-in that could not complete, with a code and a message for the person; the callback shows
 * it on the dashboard instead of answering JSON to a browser navigation.
 */
export class OAuthFlowError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OAuthFlowError';
  }
}
