import { createHash } from 'node:crypto';
import type { FakeTwitchState } from './fake-twitch-state';
import { bearerToken, oauthError, type FakeRequest, type FakeResponse } from './http';

/**
 * Twitch's OAuth server (`id.twitch.tv/oauth2`): authorize, token (authorization_code,
 * refresh_token, client_credentials), validate and revoke, with Twitch's JSON shapes and errors.
 */
export class FakeOAuthHandlers {
  constructor(private readonly state: FakeTwitchState) {}

  /**
   * Twitch shows a consent page, then sends the browser to `redirect_uri` with `code`, `scope` and
   * `state`; the fake consents (as `authorizingUserId`) at once and redirects, for tests to follow.
   */
  authorize(req: FakeRequest): FakeResponse {
    const clientId = req.query.get('client_id');
    const redirectUri = req.query.get('redirect_uri');
    if (!clientId) {
      return oauthError(400, 'missing client id');
    }
    if (clientId !== this.state.clientId) {
      return oauthError(400, 'invalid client');
    }
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) {
      return oauthError(400, 'Parameter redirect_uri does not match registered URI');
    }
    const target = new URL(redirectUri);
    const state = req.query.get('state');
    if (state !== null) {
      target.searchParams.set('state', state);
    }
    if (req.query.get('response_type') !== 'code') {
      target.searchParams.set('error', 'unsupported_response_type');
      target.searchParams.set('error_description', 'The fake Twitch supports the authorization code flow only');
      return { status: 302, headers: { location: target.toString() } };
    }
    const userId = this.state.authorizingUserId;
    if (this.state.denyNextAuthorization || !userId || !this.state.users.has(userId)) {
      this.state.denyNextAuthorization = false;
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user denied you access');
      return { status: 302, headers: { location: target.toString() } };
    }
    const scopes = (req.query.get('scope') ?? '').split(' ').filter(Boolean);
    const code = this.state.issueAuthorizationCode({
      clientId,
      redirectUri,
      userId,
      scopes,
      codeChallenge: req.query.get('code_challenge'),
    });
    target.searchParams.set('code', code);
    target.searchParams.set('scope', scopes.join(' '));
    return { status: 302, headers: { location: target.toString() } };
  }

  token(req: FakeRequest): FakeResponse {
    const clientId = req.params.get('client_id');
    const clientSecret = req.params.get('client_secret');
    if (!clientId) {
      return oauthError(400, 'missing client id');
    }
    if (clientId !== this.state.clientId) {
      return oauthError(403, 'invalid client');
    }
    if (clientSecret !== this.state.clientSecret) {
      return oauthError(403, 'invalid client secret');
    }
    switch (req.params.get('grant_type') ?? '') {
      case 'authorization_code':
        return this.exchangeCode(req, clientId);
      case 'refresh_token': {
        const refreshed = this.state.refresh(clientId, req.params.get('refresh_token') ?? '');
        if (!refreshed) {
          return oauthError(400, 'Invalid refresh token');
        }
        return { status: 200, json: this.userTokenBody(refreshed) };
      }
      case 'client_credentials': {
        const token = this.state.issueAppToken(clientId);
        return {
          status: 200,
          json: { access_token: token.token, expires_in: this.state.expiresInSeconds(token), token_type: 'bearer' },
        };
      }
      default:
        return oauthError(400, 'unsupported grant type');
    }
  }

  validate(req: FakeRequest): FakeResponse {
    const token = this.state.validAccessToken(bearerToken(req, ['oauth', 'bearer']));
    if (!token) {
      return oauthError(401, 'invalid access token');
    }
    const user = token.userId ? this.state.users.get(token.userId) : undefined;
    return {
      status: 200,
      json: {
        client_id: token.clientId,
        ...(user ? { login: user.login, user_id: user.id } : {}),
        scopes: token.userId ? token.scopes : null,
        expires_in: this.state.expiresInSeconds(token),
      },
    };
  }

  revoke(req: FakeRequest): FakeResponse {
    const clientId = req.params.get('client_id');
    if (!clientId) {
      return oauthError(400, 'missing client id');
    }
    if (clientId !== this.state.clientId) {
      return oauthError(404, 'client does not exist');
    }
    if (!this.state.revoke(req.params.get('token') ?? '')) {
      return oauthError(400, 'Invalid token');
    }
    return { status: 200 };
  }

  private exchangeCode(req: FakeRequest, clientId: string): FakeResponse {
    const code = this.state.takeAuthorizationCode(req.params.get('code') ?? '');
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
    return { status: 200, json: this.userTokenBody(this.state.issueUserTokens(clientId, code.userId, code.scopes)) };
  }

  private userTokenBody(token: ReturnType<FakeTwitchState['issueUserTokens']>) {
    return {
      access_token: token.token,
      expires_in: this.state.expiresInSeconds(token),
      refresh_token: token.refreshToken,
      scope: token.scopes,
      token_type: 'bearer',
    };
  }
}
