import type { FakeClock } from '../world/clock';
import { twitchStyleToken } from '../world/ids';
import { recordCredential } from './credential-record';

export interface FakeAccessToken {
  token: string;
  clientId: string;
  /** null for app (client credentials) tokens. */
  userId: string | null;
  /** Exactly the scopes granted in the authorization the token came from. */
  scopes: string[];
  expiresAt: number;
  refreshToken: string | null;
}

/** One consent: a user approved these scopes for this app. Its refresh token keeps it alive. */
export interface FakeAuthorization {
  refreshToken: string;
  clientId: string;
  userId: string;
  scopes: string[];
  createdAt: number;
}

export interface FakeAuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
  codeChallenge: string | null;
}

export interface TokenSnapshot {
  authorizations: FakeAuthorization[];
  accessTokens: FakeAccessToken[];
}

export const ACCESS_TOKEN_SECONDS = 14_400;
const CODE_SECONDS = 600;

/** Authorization codes, access tokens and the user authorizations (refresh tokens) behind them. */
export class TokenStore {
  private readonly codes = new Map<string, FakeAuthorizationCode>();
  private readonly accessTokens = new Map<string, FakeAccessToken>();
  private readonly authorizations = new Map<string, FakeAuthorization>();
  /** Every code and token ever issued, for tests that look for them where they must not be. */
  readonly issued: string[] = [];

  constructor(private readonly clock: FakeClock) {}

  private remember(kind: string, credential: string): void {
    this.issued.push(credential);
    recordCredential(kind, credential);
  }

  issueAuthorizationCode(request: Omit<FakeAuthorizationCode, 'code' | 'expiresAt'>): string {
    const code = twitchStyleToken(30);
    this.remember('authorization code', code);
    this.codes.set(code, { ...request, code, expiresAt: this.clock.now() + CODE_SECONDS * 1000 });
    return code;
  }

  /** Uses a code up (codes work once, like Twitch's). */
  takeAuthorizationCode(code: string): FakeAuthorizationCode | null {
    const found = this.codes.get(code);
    this.codes.delete(code);
    return found && found.expiresAt > this.clock.now() ? found : null;
  }

  /** A new authorization (consent) and its first access token. */
  issueUserTokens(clientId: string, userId: string, scopes: string[]): FakeAccessToken {
    const authorization: FakeAuthorization = {
      refreshToken: twitchStyleToken(50),
      clientId,
      userId,
      scopes: [...new Set(scopes)],
      createdAt: this.clock.now(),
    };
    this.authorizations.set(authorization.refreshToken, authorization);
    this.remember('refresh token', authorization.refreshToken);
    return this.issueAccessToken(clientId, userId, authorization.scopes, authorization.refreshToken);
  }

  issueAppToken(clientId: string): FakeAccessToken {
    return this.issueAccessToken(clientId, null, [], null);
  }

  /**
   * A new access token for a refresh token. Like Twitch for confidential clients, the refresh token
   * stays valid (the answer repeats it) until the user withdraws the grant.
   */
  refresh(clientId: string, refreshToken: string): FakeAccessToken | null {
    const grant = this.authorizations.get(refreshToken);
    if (!grant || grant.clientId !== clientId) {
      return null;
    }
    return this.issueAccessToken(clientId, grant.userId, grant.scopes, refreshToken);
  }

  private issueAccessToken(
    clientId: string,
    userId: string | null,
    scopes: string[],
    refreshToken: string | null,
  ): FakeAccessToken {
    const token: FakeAccessToken = {
      token: twitchStyleToken(30),
      clientId,
      userId,
      scopes,
      expiresAt: this.clock.now() + ACCESS_TOKEN_SECONDS * 1000,
      refreshToken,
    };
    this.accessTokens.set(token.token, token);
    this.remember('access token', token.token);
    return token;
  }

  validAccessToken(token: string | null): FakeAccessToken | null {
    if (!token) {
      return null;
    }
    const found = this.accessTokens.get(token);
    return found && found.expiresAt > this.clock.now() ? found : null;
  }

  isRefreshTokenActive(token: string): boolean {
    return this.authorizations.has(token);
  }

  /** Withdraws a token and the authorization it came from (Twitch's /revoke). */
  revoke(clientId: string, token: string): boolean {
    const found = this.accessTokens.get(token);
    if (!found || found.clientId !== clientId) {
      return false;
    }
    this.accessTokens.delete(token);
    if (found.refreshToken) {
      this.dropAuthorization(found.refreshToken);
    }
    return true;
  }

  /** The user withdraws the app's access (or every app's): every token of theirs stops working. */
  revokeUser(userId: string, clientId?: string): void {
    for (const authorization of [...this.authorizations.values()]) {
      if (authorization.userId === userId && (!clientId || authorization.clientId === clientId)) {
        this.dropAuthorization(authorization.refreshToken);
      }
    }
    for (const [key, token] of this.accessTokens) {
      if (token.userId === userId && (!clientId || token.clientId === clientId)) {
        this.accessTokens.delete(key);
      }
    }
  }

  private dropAuthorization(refreshToken: string): void {
    this.authorizations.delete(refreshToken);
    for (const [key, token] of this.accessTokens) {
      if (token.refreshToken === refreshToken) {
        this.accessTokens.delete(key);
      }
    }
  }

  /** Every scope the user granted the app in any authorization still in force. */
  grantedScopes(clientId: string, userId: string): Set<string> {
    const scopes = new Set<string>();
    for (const authorization of this.authorizations.values()) {
      if (authorization.clientId === clientId && authorization.userId === userId) {
        authorization.scopes.forEach((scope) => scopes.add(scope));
      }
    }
    return scopes;
  }

  hasAuthorized(clientId: string, userId: string): boolean {
    return [...this.authorizations.values()].some(
      (authorization) => authorization.clientId === clientId && authorization.userId === userId,
    );
  }

  /** The users who authorized the app (for `user.authorization.revoke`, which Twitch sends per user). */
  authorizedUsers(clientId: string): string[] {
    return [
      ...new Set(
        [...this.authorizations.values()]
          .filter((a) => a.clientId === clientId)
          .map((authorization) => authorization.userId),
      ),
    ];
  }

  expireAccessTokens(): void {
    for (const token of this.accessTokens.values()) {
      token.expiresAt = this.clock.now() - 1000;
    }
  }

  expiresInSeconds(token: FakeAccessToken): number {
    return Math.max(0, Math.floor((token.expiresAt - this.clock.now()) / 1000));
  }

  snapshot(): TokenSnapshot {
    return { authorizations: [...this.authorizations.values()], accessTokens: [...this.accessTokens.values()] };
  }

  restore(snapshot: TokenSnapshot): void {
    snapshot.authorizations.forEach((authorization) =>
      this.authorizations.set(authorization.refreshToken, authorization),
    );
    snapshot.accessTokens.forEach((token) => this.accessTokens.set(token.token, token));
  }
}
