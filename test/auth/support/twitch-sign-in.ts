import type { TestService } from '@aurastream/service/testing';
import type { LoginResponse } from '@aurastream/contract';
import { call, CookieJar } from './http';

export interface TwitchSignIn {
  /** Where the callback sent the browser: the dashboard's `/auth/oauth/complete?...`. */
  landing: URL;
  /** `status`, `action` (`signed_in`, `signed_up`, `linked`) or `code` and `message`. */
  outcome: URLSearchParams;
  /** The browser's cookies afterwards. */
  jar: CookieJar;
  /** After a sign-in: the tokens the dashboard gets by refreshing with the new cookie. */
  session: LoginResponse | null;
}

/** Starts the flow like the dashboard: the authorization URL, and the state cookie in the jar. */
export async function startTwitchSignIn(
  app: TestService,
  options: { accessToken?: string; jar?: CookieJar } = {},
): Promise<{ authorizationUrl: string; state: string; jar: CookieJar }> {
  const jar = options.jar ?? new CookieJar();
  const response = await call(app, 'POST', '/api/v1/auth/oauth/twitch', { accessToken: options.accessToken, jar });
  if (response.status !== 200) {
    throw new Error(`starting the Twitch sign-in failed: ${response.status} ${await response.text()}`);
  }
  const body = (await response.json()) as { authorization_url: string; state: string };
  return { authorizationUrl: body.authorization_url, state: body.state, jar };
}

/** Visits the provider (the fake Twitch consents and redirects) and returns the callback URL. */
export async function visitTwitch(authorizationUrl: string): Promise<URL> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`the fake Twitch did not redirect: ${response.status} ${await response.text()}`);
  }
  return new URL(location);
}

/** Follows the callback like a browser: the service's redirect to the dashboard, and the session. */
export async function completeTwitchSignIn(
  app: Pick<TestService, 'url'>,
  callback: URL,
  jar: CookieJar,
): Promise<TwitchSignIn> {
  const response = await call(app, 'GET', `${callback.pathname}${callback.search}`, {
    jar,
    headers: { accept: 'text/html' },
  });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`the callback did not redirect: ${response.status} ${await response.text()}`);
  }
  const landing = new URL(location);
  const outcome = landing.searchParams;
  let session: LoginResponse | null = null;
  if (outcome.get('status') === 'success' && outcome.get('action') !== 'linked') {
    const refresh = await call(app, 'POST', '/api/v1/auth/refresh', { jar, csrfToken: jar.get('aura_csrf') });
    if (refresh.status !== 200) {
      throw new Error(`refreshing after the sign-in failed: ${refresh.status} ${await refresh.text()}`);
    }
    session = (await refresh.json()) as LoginResponse;
  }
  return { landing, outcome, jar, session };
}

/**
 * The whole "Sign in with Twitch" (or, with an access token, "Connect Twitch") flow against the
 * fake Twitch, as the signed-in-at-Twitch user (the fake's `authorizeAs`, by default its last added
 * user). Tests of other features use it to give a user a Twitch connection.
 */
export async function signInWithTwitch(
  app: TestService,
  options: { accessToken?: string } = {},
): Promise<TwitchSignIn> {
  const started = await startTwitchSignIn(app, options);
  const callback = await visitTwitch(started.authorizationUrl);
  return completeTwitchSignIn(app, callback, started.jar);
}
