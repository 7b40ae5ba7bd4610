import { createHash } from 'node:crypto';
import { bearerToken, cookie, html, oauthError, redirect, type FakeRequest, type FakeResponse } from '../http/http';
import { avatarDataUrl } from '../world/avatar';
import type { FakeClock } from '../world/clock';
import { twitchStyleToken } from '../world/ids';
import type { BroadcasterType } from '../world/types';
import { loginPattern, type FakeWorld } from '../world/world';
import type { AppRegistry } from './apps';
import { renderAuthorizePage } from './authorize-page';
import { isKnownScope, parseScopes } from './scopes';
import type { FakeAccessToken, TokenStore } from './tokens';

/**
 * `automatic`: /authorize consents at once as `authorizingUserId` and redirects (tests follow it);
 * `page`: it shows a sign-in and consent page, as Twitch does, for a person in a browser.
 */
export type ConsentMode = 'automatic' | 'page';

interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  codeChallenge: string | null;
  expiresAt: number;
}

export interface OAuthDeps {
  apps: AppRegistry;
  tokens: TokenStore;
  world: FakeWorld;
  clock: FakeClock;
  consent: ConsentMode;
  /** Who "is signed in to Twitch" in automatic mode. */
  authorizingUserId(): string | null;
  /** Consumes a pending `denyNextAuthorization()`. */
  takeDenial(): boolean;
  /** A user authorized an app for the first time (EventSub `user.authorization.grant`). */
  granted(clientId: string, userId: string): void;
  changed(): void;
}

const SESSION_COOKIE = 'fake_twitch_session';
const PENDING_MS = 10 * 60 * 1000;
const kinds: Record<string, BroadcasterType> = { affiliate: 'affiliate', partner: 'partner', viewer: '' };

/**
 * Twitch's OAuth server (`id.twitch.tv/oauth2`): authorize, token (authorization_code,
 * refresh_token, client_credentials), validate and revoke, with Twitch's JSON shapes and errors.
 */
export class OAuthHandlers {
  private readonly pending = new Map<string, PendingAuthorization>();

  constructor(private readonly deps: OAuthDeps) {}

  /** `GET /authorize`: checks the request, then consents at once or shows the page. */
  authorize(req: FakeRequest): FakeResponse {
    const clientId = req.query.get('client_id');
    const redirectUri = req.query.get('redirect_uri');
    if (!clientId) {
      return oauthError(400, 'missing client id');
    }
    if (!this.deps.apps.get(clientId)) {
      return oauthError(400, 'invalid client');
    }
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) {
      return oauthError(400, 'Parameter redirect_uri does not match registered URI');
    }
    const request: PendingAuthorization = {
      clientId,
      redirectUri,
      scopes: parseScopes(req.query.get('scope')),
      state: req.query.get('state'),
      codeChallenge: req.query.get('code_challenge'),
      expiresAt: this.deps.clock.now() + PENDING_MS,
    };
    if (req.query.get('response_type') !== 'code') {
      return this.refuse(
        request,
        'unsupported_response_type',
        'The fake Twitch supports the authorization code flow only',
      );
    }
    const unknown = request.scopes.filter((scope) => !isKnownScope(scope));
    if (unknown.length > 0) {
      return this.refuse(request, 'invalid_scope', `Invalid scope requested: ${unknown.join(', ')}`);
    }
    if (this.deps.consent === 'automatic') {
      const userId = this.deps.authorizingUserId();
      if (this.deps.takeDenial() || !userId || !this.deps.world.users.has(userId)) {
        return this.refuse(request, 'access_denied', 'The user denied you access');
      }
      return this.approve(request, userId);
    }
    // like Twitch: a signed-in user who already granted every scope is sent straight back
    const sessionUser = cookie(req, SESSION_COOKIE);
    const granted = sessionUser ? this.deps.tokens.grantedScopes(clientId, sessionUser) : new Set<string>();
    const known = sessionUser ? this.deps.world.users.has(sessionUser) : false;
    if (
      known &&
      sessionUser &&
      req.query.get('force_verify') !== 'true' &&
      request.scopes.every((s) => granted.has(s))
    ) {
      return this.approve(request, sessionUser);
    }
    const requestId = twitchStyleToken(24);
    this.pending.set(requestId, request);
    return this.page(requestId, request, { selectedUserId: known ? sessionUser : null });
  }

  /** `POST /authorize`: the page's form: sign in as an account (or create one) and approve, or cancel. */
  decide(req: FakeRequest): FakeResponse {
    const requestId = req.params.get('request') ?? '';
    const request = this.pending.get(requestId);
    if (!request || request.expiresAt < this.deps.clock.now()) {
      return html(
        400,
        '<!doctype html><title>Expired</title><p>This sign-in request expired. Go back and start again.</p>',
      );
    }
    if (req.params.get('decision') !== 'authorize') {
      this.pending.delete(requestId);
      return this.refuse(request, 'access_denied', 'The user denied you access');
    }
    const account = req.params.get('account') ?? '';
    let userId = account;
    if (account === 'new' || account === '') {
      const login = (req.params.get('login') ?? '').trim().toLowerCase();
      const kind = req.params.get('kind') ?? 'affiliate';
      const problem = !loginPattern.test(login)
        ? 'A login has 3 to 25 letters, digits or underscores.'
        : this.deps.world.userByLogin(login)
          ? `The login "${login}" is taken: pick it in the list or choose another.`
          : null;
      if (problem) {
        return this.page(requestId, request, { error: problem, newLogin: login, newKind: kind }, 422);
      }
      const broadcasterType = kinds[kind] ?? 'affiliate';
      userId = this.deps.world.addUser({
        login,
        broadcaster_type: broadcasterType,
        profile_image_url: avatarDataUrl(login),
      }).id;
      this.deps.changed();
    } else if (!this.deps.world.users.has(account)) {
      return this.page(requestId, request, { error: 'Pick an account to sign in as.' }, 422);
    }
    this.pending.delete(requestId);
    return this.approve(request, userId, {
      'set-cookie': `${SESSION_COOKIE}=${userId}; Path=/; HttpOnly; SameSite=Lax`,
    });
  }

  private page(
    requestId: string,
    request: PendingAuthorization,
    extra: { selectedUserId?: string | null; error?: string; newLogin?: string; newKind?: string },
    status = 200,
  ): FakeResponse {
    const users = [...this.deps.world.users.values()].sort((a, b) => a.login.localeCompare(b.login));
    return html(
      status,
      renderAuthorizePage({
        appName: this.deps.apps.get(request.clientId)?.name ?? 'An application',
        requestId,
        scopes: request.scopes,
        users,
        selectedUserId: extra.selectedUserId ?? null,
        error: extra.error ?? null,
        newLogin: extra.newLogin ?? '',
        newKind: extra.newKind ?? '',
      }),
    );
  }

  private approve(request: PendingAuthorization, userId: string, headers: Record<string, string> = {}): FakeResponse {
    const code = this.deps.tokens.issueAuthorizationCode({
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      userId,
      scopes: request.scopes,
      codeChallenge: request.codeChallenge,
    });
    const target = new URL(request.redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('scope', request.scopes.join(' '));
    if (request.state !== null) {
      target.searchParams.set('state', request.state);
    }
    return redirect(target.toString(), headers);
  }

  private refuse(request: PendingAuthorization, error: string, description: string): FakeResponse {
    const target = new URL(request.redirectUri);
    target.searchParams.set('error', error);
    target.searchParams.set('error_description', description);
    if (request.state !== null) {
      target.searchParams.set('state', request.state);
    }
    return redirect(target.toString());
  }

  token(req: FakeRequest): FakeResponse {
    const clientId = req.params.get('client_id');
    const clientSecret = req.params.get('client_secret');
    if (!clientId) {
      return oauthError(400, 'missing client id');
    }
    const app = this.deps.apps.get(clientId);
    if (!app) {
      return oauthError(403, 'invalid client');
    }
    if (clientSecret !== app.clientSecret) {
      return oauthError(403, 'invalid client secret');
    }
    switch (req.params.get('grant_type') ?? '') {
      case 'authorization_code':
        return this.exchangeCode(req, clientId);
      case 'refresh_token': {
        const refreshed = this.deps.tokens.refresh(clientId, req.params.get('refresh_token') ?? '');
        if (!refreshed) {
          return oauthError(400, 'Invalid refresh token');
        }
        this.deps.changed();
        return { status: 200, json: this.userTokenBody(refreshed) };
      }
      case 'client_credentials': {
        const token = this.deps.tokens.issueAppToken(clientId);
        this.deps.changed();
        return {
          status: 200,
          json: {
            access_token: token.token,
            expires_in: this.deps.tokens.expiresInSeconds(token),
            token_type: 'bearer',
          },
        };
      }
      default:
        return oauthError(400, 'unsupported grant type');
    }
  }

  validate(req: FakeRequest): FakeResponse {
    const token = this.deps.tokens.validAccessToken(bearerToken(req, ['oauth', 'bearer']));
    if (!token) {
      return oauthError(401, 'invalid access token');
    }
    const user = token.userId ? this.deps.world.users.get(token.userId) : undefined;
    return {
      status: 200,
      json: {
        client_id: token.clientId,
        ...(user ? { login: user.login, user_id: user.id } : {}),
        scopes: token.userId ? token.scopes : null,
        expires_in: this.deps.tokens.expiresInSeconds(token),
      },
    };
  }

  revoke(req: FakeRequest): FakeResponse {
    const clientId = req.params.get('client_id');
    if (!clientId) {
      return oauthError(400, 'missing client id');
    }
    if (!this.deps.apps.get(clientId)) {
      return oauthError(404, 'client does not exist');
    }
    if (!this.deps.tokens.revoke(clientId, req.params.get('token') ?? '')) {
      return oauthError(400, 'Invalid token');
    }
    this.deps.changed();
    return { status: 200 };
  }

  private exchangeCode(req: FakeRequest, clientId: string): FakeResponse {
    const code = this.deps.tokens.takeAuthorizationCode(req.params.get('code') ?? '');
    if (!code || code.clientId !== clientId) {
      return oauthError(400, 'Invalid authorization code');
    }
    if (code.redirectUri !== req.params.get('redirect_uri')) {
      return oauthError(400, 'Parameter redirect_uri does not match registered URI');
    }
    if (code.codeChallenge) {
      const verifier = req.params.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) {
        return oauthError(400, 'Invalid code verifier');
      }
    }
    const firstGrant = !this.deps.tokens.hasAuthorized(clientId, code.userId);
    const tokens = this.deps.tokens.issueUserTokens(clientId, code.userId, code.scopes);
    this.deps.changed();
    if (firstGrant) {
      this.deps.granted(clientId, code.userId);
    }
    return { status: 200, json: this.userTokenBody(tokens) };
  }

  private userTokenBody(token: FakeAccessToken) {
    return {
      access_token: token.token,
      expires_in: this.deps.tokens.expiresInSeconds(token),
      refresh_token: token.refreshToken,
      scope: token.scopes,
      token_type: 'bearer',
    };
  }
}
