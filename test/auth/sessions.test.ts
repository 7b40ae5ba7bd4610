import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { LoginResponse } from '@aurastream/contract';
import { call, CookieJar, errorOf } from './support/http';
import { logIn, signUpAndLogIn } from './support/accounts';

describe('sessions: refresh and logout', () => {
  let app: TestService;

  before(async () => {
    app = await startTestService();
  });
  after(async () => {
    await app.stop();
  });

  const meStatus = async (accessToken: string) => (await call(app, 'GET', '/api/v1/auth/me', { accessToken })).status;

  describe('POST /api/v1/auth/refresh', () => {
    it('rotates the refresh token given in the body', async () => {
      const { login } = await signUpAndLogIn(app);
      const response = await call(app, 'POST', '/api/v1/auth/refresh', {
        body: { refresh_token: login.refresh_token },
      });
      expect(response.status).to.equal(200);
      const refreshed = (await response.json()) as LoginResponse;
      expect(refreshed.refresh_token).to.not.equal(login.refresh_token);
      expect(refreshed.access_token).to.not.equal(login.access_token);
      // same session: the CSRF token, bound to it, stays
      expect(refreshed.csrf_token).to.equal(login.csrf_token);
      expect(await meStatus(refreshed.access_token)).to.equal(200);
    });

    it('works through the typed client', async () => {
      const { login } = await signUpAndLogIn(app);
      const refreshed = await app.api.auth.refresh({ body: { refreshToken: login.refresh_token } });
      expect(refreshed.tokenType).to.equal('bearer');
      expect(refreshed.user.id).to.equal(login.user.id);
    });

    it('ends the whole session when a used refresh token comes back', async () => {
      const { login } = await signUpAndLogIn(app);
      const first = await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: login.refresh_token } });
      const rotated = (await first.json()) as LoginResponse;

      const replay = await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: login.refresh_token } });
      expect(replay.status).to.equal(401);
      expect((await errorOf(replay)).code).to.equal('refresh_token_reused');

      // the thief's and the owner's tokens of that session are all dead now
      const next = await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: rotated.refresh_token } });
      expect(next.status).to.equal(401);
      expect((await errorOf(next)).code).to.equal('session_revoked');
      expect(await meStatus(rotated.access_token)).to.equal(401);
      expect(await meStatus(login.access_token)).to.equal(401);
    });

    it("leaves the user's other sessions alone when one is revoked for reuse", async () => {
      const first = await signUpAndLogIn(app);
      const other = await logIn(app, first.email);
      await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: first.login.refresh_token } });
      await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: first.login.refresh_token } });
      expect(await meStatus(other.login.access_token)).to.equal(200);
    });

    it('refuses unknown, missing and expired refresh tokens with 401', async () => {
      const forged = await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: 'x'.repeat(43) } });
      expect(forged.status).to.equal(401);
      expect((await errorOf(forged)).code).to.equal('invalid_refresh_token');

      const missing = await call(app, 'POST', '/api/v1/auth/refresh', { body: {} });
      expect(missing.status).to.equal(401);
      expect((await errorOf(missing)).code).to.equal('refresh_token_missing');

      const { login } = await signUpAndLogIn(app);
      await app.service.infra.mongo.connection
        .collection('refresh_tokens')
        .updateMany({ user_id: login.user.id }, { $set: { expires_at: new Date(Date.now() - 1000) } });
      const expired = await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: login.refresh_token } });
      expect(expired.status).to.equal(401);
      expect((await errorOf(expired)).code).to.equal('refresh_token_expired');
    });

    it('answers 422 for a refresh token that is not a string', async () => {
      const response = await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: 42 } });
      expect(response.status).to.equal(422);
    });

    describe('with the session cookie', () => {
      it("needs the session's X-CSRF-Token", async () => {
        const { jar, login } = await signUpAndLogIn(app);
        const missing = await call(app, 'POST', '/api/v1/auth/refresh', { jar });
        expect(missing.status).to.equal(403);
        expect((await errorOf(missing)).code).to.equal('csrf_failed');

        const wrong = await call(app, 'POST', '/api/v1/auth/refresh', { jar, csrfToken: 'not-the-token' });
        expect(wrong.status).to.equal(403);

        // the token of another session (here another user's) does not fit this one
        const other = await signUpAndLogIn(app);
        const foreign = await call(app, 'POST', '/api/v1/auth/refresh', { jar, csrfToken: other.login.csrf_token });
        expect(foreign.status).to.equal(403);

        const ok = await call(app, 'POST', '/api/v1/auth/refresh', { jar, csrfToken: login.csrf_token });
        expect(ok.status).to.equal(200);
        const refreshed = (await ok.json()) as LoginResponse;
        expect(jar.get('aura_refresh')).to.equal(refreshed.refresh_token);
      });

      it('accepts the CSRF token read from the aura_csrf cookie (after a page reload)', async () => {
        const { jar } = await signUpAndLogIn(app);
        const csrfFromCookie = jar.get('aura_csrf');
        const response = await call(app, 'POST', '/api/v1/auth/refresh', { jar, csrfToken: csrfFromCookie });
        expect(response.status).to.equal(200);
      });

      it('clears the cookies when the session is over', async () => {
        const { jar, login } = await signUpAndLogIn(app);
        await call(app, 'POST', '/api/v1/auth/logout', { accessToken: login.access_token });
        const response = await call(app, 'POST', '/api/v1/auth/refresh', { jar, csrfToken: login.csrf_token });
        expect(response.status).to.equal(401);
        expect(jar.get('aura_refresh')).to.equal(undefined);
        expect(jar.get('aura_csrf')).to.equal(undefined);
      });
    });
  });

  describe('POST /api/v1/auth/logout', () => {
    it("ends the bearer token's session at once: access and refresh tokens", async () => {
      const { login } = await signUpAndLogIn(app);
      const response = await call(app, 'POST', '/api/v1/auth/logout', { accessToken: login.access_token });
      expect(response.status).to.equal(204);
      const cleared = response.headers.getSetCookie().join('\n');
      expect(cleared).to.match(/aura_refresh=;/);

      const me = await call(app, 'GET', '/api/v1/auth/me', { accessToken: login.access_token });
      expect(me.status).to.equal(401);
      expect((await errorOf(me)).code).to.equal('session_revoked');
      const refresh = await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: login.refresh_token } });
      expect(refresh.status).to.equal(401);
    });

    it('ends only that session: other devices stay signed in', async () => {
      const phone = await signUpAndLogIn(app);
      const laptop = await logIn(app, phone.email);
      await app.clientFor(phone.login.access_token).auth.logout({ body: {} });
      expect(await meStatus(laptop.login.access_token)).to.equal(200);
    });

    it('with the session cookie needs the X-CSRF-Token', async () => {
      const { jar, login } = await signUpAndLogIn(app);
      const refused = await call(app, 'POST', '/api/v1/auth/logout', { jar });
      expect(refused.status).to.equal(403);
      expect((await errorOf(refused)).code).to.equal('csrf_failed');
      expect(await meStatus(login.access_token)).to.equal(200);

      const accepted = await call(app, 'POST', '/api/v1/auth/logout', { jar, csrfToken: login.csrf_token });
      expect(accepted.status).to.equal(204);
      expect(await meStatus(login.access_token)).to.equal(401);
    });

    it('with a refresh token in the body ends that session', async () => {
      const { login } = await signUpAndLogIn(app);
      const response = await call(app, 'POST', '/api/v1/auth/logout', { body: { refresh_token: login.refresh_token } });
      expect(response.status).to.equal(204);
      expect(await meStatus(login.access_token)).to.equal(401);
    });

    it("cannot end another user's session", async () => {
      const mine = await signUpAndLogIn(app);
      const theirs = await signUpAndLogIn(app);
      const response = await call(app, 'POST', '/api/v1/auth/logout', {
        accessToken: mine.login.access_token,
        body: { refresh_token: theirs.login.refresh_token },
      });
      expect(response.status).to.equal(204);
      expect(await meStatus(theirs.login.access_token)).to.equal(200);
      const refresh = await call(app, 'POST', '/api/v1/auth/refresh', {
        body: { refresh_token: theirs.login.refresh_token },
      });
      expect(refresh.status).to.equal(200);
      expect(await meStatus(mine.login.access_token)).to.equal(401);
    });

    it('answers 204 when there is no session to end', async () => {
      const response = await call(app, 'POST', '/api/v1/auth/logout', { jar: new CookieJar() });
      expect(response.status).to.equal(204);
    });
  });
});
