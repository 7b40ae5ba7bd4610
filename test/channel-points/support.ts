import { randomUUID } from 'node:crypto';
import type { FakeTwitch } from '@aurastream/fake-twitch';
import type { TwitchScopeSet } from '@aurastream/contract';
import type { TestService, TestUser } from '@aurastream/service/testing';
import { call, CookieJar } from '../auth/support/http';
import { completeTwitchSignIn, visitTwitch } from '../auth/support/twitch-sign-in';

/**
 * What connecting a streamer needs of the fake Twitch: the fake itself, or a handle on one in
 * another process (a benchmark's), whose calls answer promises.
 */
export interface FakeTwitchAccounts {
  addUser(input: Parameters<FakeTwitch['addUser']>[0]): { id: string } | Promise<{ id: string }>;
  authorizeAs(userId: string): void | Promise<void>;
}

/** A streamer with an AuraStream account connected to a fake Twitch account. */
export interface ConnectedStreamer extends TestUser {
  twitchUserId: string;
  login: string;
}

/**
 * "Connect Twitch" from Settings as a signed-in streamer (optionally asking a feature's scopes:
 * incremental consent), consenting at the fake Twitch as `twitchUserId`.
 */
export async function connectTwitch(
  app: Pick<TestService, 'url'>,
  twitch: Pick<FakeTwitchAccounts, 'authorizeAs'>,
  accessToken: string,
  twitchUserId: string,
  scopes?: TwitchScopeSet,
): Promise<URLSearchParams> {
  const jar = new CookieJar();
  const path = `/api/v1/auth/oauth/twitch${scopes ? `?scopes=${scopes}` : ''}`;
  const response = await call(app, 'POST', path, { accessToken, jar });
  if (response.status !== 200) {
    throw new Error(`connecting Twitch failed: ${response.status} ${await response.text()}`);
  }
  const body = (await response.json()) as { authorization_url: string };
  await twitch.authorizeAs(twitchUserId);
  const callback = await visitTwitch(body.authorization_url);
  return (await completeTwitchSignIn(app, callback, jar)).outcome;
}

/** A new streamer (an affiliate unless said otherwise) connected with the channel-point scopes. */
export async function connectedStreamer(
  app: TestService,
  twitch: FakeTwitchAccounts,
  options: { broadcasterType?: 'affiliate' | 'partner' | ''; scopes?: TwitchScopeSet | null } = {},
): Promise<ConnectedStreamer> {
  const login = `streamer${randomUUID().slice(0, 8)}`;
  const twitchUser = await twitch.addUser({
    login,
    display_name: login,
    email: `${login}@example.test`,
    broadcaster_type: options.broadcasterType ?? 'affiliate',
  });
  const user = await app.createUser({ tier: 'pro' });
  const scopes = options.scopes === undefined ? 'channel_points' : options.scopes;
  await connectTwitch(app, twitch, user.accessToken, twitchUser.id, scopes ?? undefined);
  return { ...user, twitchUserId: twitchUser.id, login };
}
