import { randomBytes, randomInt } from 'node:crypto';

/** A Twitch account as Helix `GET /users` shows it. */
export interface FakeTwitchUser {
  id: string;
  login: string;
  display_name: string;
  type: string;
  broadcaster_type: string;
  description: string;
  profile_image_url: string;
  offline_image_url: string;
  view_count: number;
  /** Returned only to a token of this user with `user:read:email`; null: the account has none. */
  email: string | null;
  created_at: string;
}

/** Helix `GET /channels`. */
export interface FakeTwitchChannel {
  broadcaster_id: string;
  broadcaster_login: string;
  broadcaster_name: string;
  broadcaster_language: string;
  game_id: string;
  game_name: string;
  title: string;
  delay: number;
  tags: string[];
  content_classification_labels: string[];
  is_branded_content: boolean;
}

/** Helix `GET /streams`. */
export interface FakeTwitchStream {
  id: string;
  user_id: string;
  user_login: string;
  user_name: string;
  game_id: string;
  game_name: string;
  type: 'live';
  title: string;
  tags: string[];
  viewer_count: number;
  started_at: string;
  language: string;
  thumbnail_url: string;
  tag_ids: string[];
  is_mature: boolean;
}

/** Helix `GET /games`. */
export interface FakeTwitchGame {
  id: string;
  name: string;
  box_art_url: string;
  igdb_id: string;
}

export interface FakeAccessToken {
  token: string;
  clientId: string;
  /** null for app (client credentials) tokens. */
  userId: string | null;
  scopes: string[];
  expiresAt: number;
  refreshToken: string | null;
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

const ACCESS_TOKEN_SECONDS = 14_400;
const CODE_SECONDS = 600;

function twitchStyleToken(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  return [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** The fake's world: accounts, channels, live streams, games, codes and tokens. */
export class FakeTwitchState {
  readonly users = new Map<string, FakeTwitchUser>();
  readonly channels = new Map<string, FakeTwitchChannel>();
  readonly games = new Map<string, FakeTwitchGame>();
  streams: FakeTwitchStream[] = [];
  readonly codes = new Map<string, FakeAuthorizationCode>();
  readonly accessTokens = new Map<string, FakeAccessToken>();
  /** refresh token → user and scopes */
  readonly refreshTokens = new Map<string, { clientId: string; userId: string; scopes: string[] }>();
  /** Who "is signed in to Twitch" when a browser reaches /authorize; the last added user by default. */
  authorizingUserId: string | null = null;
  denyNextAuthorization = false;

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
  ) {}

  newUserId(): string {
    let id: string;
    do {
      id = String(randomInt(10_000_000, 999_999_999));
    } while (this.users.has(id));
    return id;
  }

  issueAuthorizationCode(request: Omit<FakeAuthorizationCode, 'code' | 'expiresAt'>): string {
    const code = twitchStyleToken(30);
    this.codes.set(code, { ...request, code, expiresAt: Date.now() + CODE_SECONDS * 1000 });
    return code;
  }

  /** Uses a code up (codes work once, like Twitch's). */
  takeAuthorizationCode(code: string): FakeAuthorizationCode | null {
    const found = this.codes.get(code);
    this.codes.delete(code);
    return found && found.expiresAt > Date.now() ? found : null;
  }

  issueUserTokens(clientId: string, userId: string, scopes: string[]): FakeAccessToken {
    const refreshToken = twitchStyleToken(50);
    this.refreshTokens.set(refreshToken, { clientId, userId, scopes });
    return this.issueAccessToken(clientId, userId, scopes, refreshToken);
  }

  issueAppToken(clientId: string): FakeAccessToken {
    const token: FakeAccessToken = {
      token: twitchStyleToken(30),
      clientId,
      userId: null,
      scopes: [],
      expiresAt: Date.now() + ACCESS_TOKEN_SECONDS * 1000,
      refreshToken: null,
    };
    this.accessTokens.set(token.token, token);
    return token;
  }

  /**
   * A new access token for a refresh token. Like Twitch for confidential clients, the refresh token
   * stays valid (the answer repeats it) until the user withdraws the grant.
   */
  refresh(clientId: string, refreshToken: string): FakeAccessToken | null {
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.clientId !== clientId) {
      return null;
    }
    return this.issueAccessToken(clientId, grant.userId, grant.scopes, refreshToken);
  }

  private issueAccessToken(clientId: string, userId: string, scopes: string[], refreshToken: string): FakeAccessToken {
    const token: FakeAccessToken = {
      token: twitchStyleToken(30),
      clientId,
      userId,
      scopes,
      expiresAt: Date.now() + ACCESS_TOKEN_SECONDS * 1000,
      refreshToken,
    };
    this.accessTokens.set(token.token, token);
    return token;
  }

  validAccessToken(token: string | null): FakeAccessToken | null {
    if (!token) {
      return null;
    }
    const found = this.accessTokens.get(token);
    return found && found.expiresAt > Date.now() ? found : null;
  }

  /** Withdraws a token and its grant (Twitch's /revoke). */
  revoke(token: string): boolean {
    const found = this.accessTokens.get(token);
    if (!found) {
      return false;
    }
    this.accessTokens.delete(token);
    if (found.refreshToken) {
      this.refreshTokens.delete(found.refreshToken);
    }
    return true;
  }

  expiresInSeconds(token: FakeAccessToken): number {
    return Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000));
  }
}
