import { bearerToken, HelixError, type FakeRequest } from '../http/http';
import type { FakeAccessToken, TokenStore } from '../oauth/tokens';

/** Who calls Helix: the token and the app (client id) it belongs to. */
export interface HelixCaller {
  token: FakeAccessToken;
  clientId: string;
}

/** Checks the headers like Helix does: `Client-Id` and `Authorization: Bearer`, matching each other. */
export function authenticate(tokens: TokenStore, req: FakeRequest): HelixCaller {
  const clientId = req.headers['client-id'];
  const presented = bearerToken(req, ['bearer']);
  if (!presented) {
    throw new HelixError(401, 'OAuth token is missing');
  }
  if (typeof clientId !== 'string' || clientId === '') {
    throw new HelixError(401, 'Client ID is missing');
  }
  const token = tokens.validAccessToken(presented);
  if (!token) {
    throw new HelixError(401, 'Invalid OAuth token');
  }
  if (token.clientId !== clientId) {
    throw new HelixError(401, 'Client ID and OAuth token do not match');
  }
  return { token, clientId };
}

/** The user behind a user access token (an app token is refused). */
export function userOf(caller: HelixCaller): string {
  if (!caller.token.userId) {
    throw new HelixError(401, 'The Authorization header must specify a user access token');
  }
  return caller.token.userId;
}

/** Twitch answers a token without the scope 401 `Missing scope: <scope>`. */
export function requireScope(caller: HelixCaller, anyOf: string[]): void {
  if (!anyOf.some((scope) => caller.token.scopes.includes(scope))) {
    throw new HelixError(401, `Missing scope: ${anyOf.join(' or ')}`);
  }
}

/** `broadcaster_id` is required and must be the token's user. */
export function requireBroadcaster(caller: HelixCaller, req: FakeRequest): string {
  const broadcasterId = req.query.get('broadcaster_id');
  if (!broadcasterId) {
    throw new HelixError(400, 'Missing required parameter "broadcaster_id"');
  }
  if (broadcasterId !== userOf(caller)) {
    throw new HelixError(401, "The ID in broadcaster_id must match the user ID found in the request's OAuth token");
  }
  return broadcasterId;
}
