import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { LoginResponse } from '@aurastream/contract';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { call, CookieJar, parseSetCookies } from '../auth/support/http';
import { testPassword, uniqueEmail } from '../auth/support/accounts';
import { tokenOf, waitForEmail } from '../auth/support/outbox';
import { completeTwitchSignIn, startTwitchSignIn, visitTwitch } from '../auth/support/twitch-sign-in';
import { newExtensionSecret, requestPanel, viewerToken } from '../extension/support';

/**
 * Runs a representative set of the suite's requests (sign-up, verification, sign-in, refresh,
 * logout, password change and reset, Twitch sign-in, the extension panel, a service credential, 4xx
 * answers) against a
 * service logging at `trace`, collecting every credential that crosses the wire, then looks for each
 * of them, and for every configured secret, in what was logged.
 */
describe('credentials never reach the logs', function () {
  this.timeout(60_000);
  let twitch: FakeTwitch;
  let app: TestService;
  const issued = new Set<string>();
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    JWT_PREVIOUS_SECRETS: `k0:${randomBytes(32).toString('hex')}`,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    TWITCH_EXTENSION_SECRET: newExtensionSecret(),
    TWITCH_EXTENSION_PREVIOUS_SECRETS: newExtensionSecret(),
    TWITCH_EVENTSUB_SECRET: randomBytes(20).toString('hex'),
    COACH_LLM_API_KEY: `sk-${randomBytes(24).toString('hex')}`,
    S3_SECRET_ACCESS_KEY: randomBytes(30).toString('base64'),
  };

  /** Remembers every token a response carries: body fields and cookies. */
  const collect = async (response: Response): Promise<Response> => {
    for (const cookie of parseSetCookies(response)) {
      if (cookie.value) {
        issued.add(cookie.value);
      }
    }
    const text = await response.clone().text();
    for (const match of text.matchAll(/"(?:access_token|refresh_token|csrf_token|token|state|secret)":"([^"]+)"/g)) {
      issued.add(match[1] as string);
    }
    return response;
  };

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService(
      {
        ...twitch.serviceEnv,
        ...secrets,
        LOG_LEVEL: 'trace',
        TWITCH_EXTENSION_CLIENT_ID: 'auraextensionlogs01',
        LOGIN_MAX_FAILURES: '2',
      },
      { captureLogs: true },
    );
  });
  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  it('runs the requests, each of them logged, with no credential in any line', async () => {
    const email = uniqueEmail('logs');
    const jar = new CookieJar();

    // sign-up, then the verification link: once as an API client, once more (used) from a browser
    await collect(
      await call(app, 'POST', '/api/v1/auth/signup', {
        body: { email, password: testPassword, display_name: 'Log Watcher' },
      }),
    );
    const verification = tokenOf(
      (await waitForEmail(app, email, /verify/i)).links.find((link) => link.includes('/email/verify/')) as string,
    );
    issued.add(verification);
    expect((await call(app, 'GET', `/api/v1/auth/email/verify/${verification}`)).status).to.equal(200);
    const reused = await call(app, 'GET', `/api/v1/auth/email/verify/${verification}`, {
      headers: { accept: 'text/html' },
    });
    expect(reused.status).to.equal(302);

    // sign-in: a wrong password (401), then the right one; the session through bearer and cookie
    expect(
      (await call(app, 'POST', '/api/v1/auth/login', { body: { email, password: 'not-my-password-1' } })).status,
    ).to.equal(401);
    const login = (await (
      await collect(await call(app, 'POST', '/api/v1/auth/login', { body: { email, password: testPassword }, jar }))
    ).json()) as LoginResponse;
    expect((await call(app, 'GET', '/api/v1/auth/me', { accessToken: login.access_token })).status).to.equal(200);
    const refreshed = (await (
      await collect(await call(app, 'POST', '/api/v1/auth/refresh', { jar, csrfToken: jar.get('aura_csrf') as string }))
    ).json()) as LoginResponse;
    const byBody = (await (
      await collect(
        await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: refreshed.refresh_token } }),
      )
    ).json()) as LoginResponse;
    // a replayed refresh token (401) ends the session; its access token is refused afterwards (401)
    expect(
      (await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: refreshed.refresh_token } })).status,
    ).to.equal(401);
    expect((await call(app, 'GET', '/api/v1/auth/me', { accessToken: byBody.access_token })).status).to.equal(401);
    // a token where no token belongs: in the query string of an unknown route (404)
    expect(
      (await call(app, 'GET', `/api/v1/nothing-here?access_token=${login.access_token}&token=${verification}`)).status,
    ).to.equal(404);

    // password change, then reset by e-mail; the reset page's own address carries the token
    const again = (await (
      await collect(await call(app, 'POST', '/api/v1/auth/login', { body: { email, password: testPassword } }))
    ).json()) as LoginResponse;
    const changed = (await (
      await collect(
        await call(app, 'POST', '/api/v1/auth/me/password', {
          accessToken: again.access_token,
          body: { current_password: testPassword, new_password: 'amber-Walrus-77' },
        }),
      )
    ).json()) as LoginResponse;
    await call(app, 'POST', '/api/v1/auth/password-reset/request', { body: { email } });
    const reset = tokenOf((await waitForEmail(app, email, /reset/i)).links[0] as string);
    issued.add(reset);
    await call(app, 'GET', `/reset-password?token=${reset}`, { headers: { accept: 'text/html' } });
    const weak = await call(app, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { token: reset, new_password: 'password' },
    });
    expect(weak.status).to.equal(422);
    expect(
      (
        await call(app, 'POST', '/api/v1/auth/password-reset/confirm', {
          body: { token: reset, new_password: 'coral-Heron-58' },
        })
      ).status,
    ).to.equal(200);
    expect(
      (
        await call(app, 'POST', '/api/v1/auth/password-reset/confirm', {
          body: { token: reset, new_password: 'coral-Heron-58' },
        })
      ).status,
    ).to.equal(400);
    expect((await call(app, 'GET', '/api/v1/auth/me', { accessToken: changed.access_token })).status).to.equal(401);

    // a sign-in lock, and the e-mailed link that lifts it (used twice: the second time a 400)
    const locked = uniqueEmail('locked');
    await call(app, 'POST', '/api/v1/auth/signup', {
      body: { email: locked, password: testPassword, display_name: 'Locked Out' },
    });
    for (const attempt of ['wrong-password-1', 'wrong-password-2']) {
      await call(app, 'POST', '/api/v1/auth/login', { body: { email: locked, password: attempt } });
    }
    const unlock = tokenOf(
      (await waitForEmail(app, locked, /locked/i)).links.find((link) => link.includes('/login/unlock/')) as string,
    );
    issued.add(unlock);
    expect((await call(app, 'GET', `/api/v1/auth/login/unlock/${unlock}`)).status).to.equal(200);
    expect((await call(app, 'GET', `/api/v1/auth/login/unlock/${unlock}`)).status).to.equal(400);

    // Twitch: the flow's state and nonce cookie, Twitch's code in the callback, Twitch's tokens
    twitch.addUser({ login: `logs${randomBytes(3).toString('hex')}` });
    const started = await startTwitchSignIn(app);
    issued.add(started.state);
    for (const value of [started.jar.get('aura_oauth')]) {
      if (value) {
        issued.add(value);
      }
    }
    const callback = await visitTwitch(started.authorizationUrl);
    const signedIn = await completeTwitchSignIn(app, callback, started.jar);
    expect(signedIn.outcome.get('status')).to.equal('success');
    issued.add(signedIn.session!.access_token).add(signedIn.session!.refresh_token);
    // the same callback again: the state is used up (a redirect saying so)
    await call(app, 'GET', `${callback.pathname}${callback.search}`, { headers: { accept: 'text/html' } });

    // the extension panel: valid tokens in both headers, an expired one, a forged one
    const channelId = String(100_000 + Math.floor(Math.random() * 1000));
    const valid = await viewerToken({ channelId, secret: secrets.TWITCH_EXTENSION_SECRET });
    const expired = await viewerToken({
      channelId,
      secret: secrets.TWITCH_EXTENSION_SECRET,
      expiresInSeconds: -60,
    });
    const forged = await viewerToken({ channelId, secret: newExtensionSecret() });
    const beforeRotation = await viewerToken({ channelId, secret: secrets.TWITCH_EXTENSION_PREVIOUS_SECRETS });
    for (const token of [valid, expired, forged, beforeRotation]) {
      issued.add(token);
    }
    expect((await requestPanel(app, valid, 'x-extension-jwt')).status).to.equal(404);
    expect((await requestPanel(app, valid, 'authorization')).status).to.equal(404);
    expect((await requestPanel(app, expired, 'x-extension-jwt')).status).to.equal(401);
    expect((await requestPanel(app, forged, 'authorization')).status).to.equal(401);
    expect((await requestPanel(app, beforeRotation, 'x-extension-jwt')).status).to.equal(404);

    // a service credential (the chat bot's): created by an administrator, used, revoked, refused
    const admin = await app.createUser({ role: 'admin' });
    issued.add(admin.accessToken);
    const created = (await (
      await collect(
        await call(app, 'POST', '/api/v1/admin/service-credentials', {
          accessToken: admin.accessToken,
          body: { name: 'log-watching-bot' },
        }),
      )
    ).json()) as { secret: string; credential: { id: string } };
    const asService = () =>
      call(app, 'GET', '/api/v1/service-credentials/self', { headers: { authorization: `Bearer ${created.secret}` } });
    expect((await asService()).status).to.equal(200);
    await call(app, 'POST', `/api/v1/admin/service-credentials/${created.credential.id}/revoke`, {
      accessToken: admin.accessToken,
    });
    expect((await asService()).status).to.equal(401);

    // logout through the cookie
    expect(
      (await call(app, 'POST', '/api/v1/auth/logout', { jar, csrfToken: jar.get('aura_csrf') as string })).status,
    ).to.equal(204);

    for (const credential of twitch.issuedCredentials) {
      issued.add(credential);
    }

    const logs = app.logs!;
    const text = logs.text();
    const records = logs.records();
    // the requests were logged (so the check below looks at something)
    const requestLines = records.filter((record) => typeof record.req === 'object' && record.req !== null);
    expect(requestLines.length).to.be.greaterThan(25);
    const panelLine = requestLines.find(
      (record) =>
        (record.req as { headers?: Record<string, string> }).headers?.['x-extension-jwt'] !== undefined &&
        (record.res as { statusCode?: number } | undefined)?.statusCode === 401,
    );
    expect(panelLine, 'a logged 401 of the panel').to.not.equal(undefined);

    const tokens = [...issued].filter((token) => token.length >= 16);
    expect(tokens.length).to.be.greaterThan(20);
    const leakedTokens = tokens.filter((token) => text.includes(token) || text.includes(encodeURIComponent(token)));
    expect(leakedTokens, 'issued tokens found in the logs').to.deep.equal([]);

    const configuredSecrets = [
      app.service.config.auth.jwtSecret,
      ...app.service.config.auth.jwtPreviousKeys.map((key) => key.secret),
      app.service.config.encryptionKey.toString('base64'),
      app.service.config.twitch.clientSecret,
      app.service.config.twitch.extensionSecret,
      ...app.service.config.twitch.extensionPreviousSecrets,
      app.service.config.twitch.eventSubSecret,
      app.service.config.coach.llmApiKey,
      app.service.config.storage.s3.secretAccessKey,
    ];
    expect(configuredSecrets.every((secret) => secret.length >= 16)).to.equal(true);
    const leakedSecrets = configuredSecrets.filter((secret) => text.includes(secret));
    expect(leakedSecrets, 'configured secrets found in the logs').to.deep.equal([]);
  });
});
