import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { ApiError, LoginResponse } from '@aurastream/contract';
import { call, errorOf, invalidFields } from './support/http';
import { logIn, signUpAndLogIn, testPassword } from './support/accounts';
import { waitForEmail } from './support/outbox';

describe('the signed-in user: /api/v1/auth/me', () => {
  let app: TestService;

  before(async () => {
    app = await startTestService({ AUTH_RATE_LIMIT_PER_IP: '1000/60' });
  });
  after(async () => {
    await app.stop();
  });

  describe('GET /me', () => {
    it("answers the caller's UserResponse", async () => {
      const { user, api } = await app.createUser({ tier: 'pro', displayName: 'Pro Streamer' });
      const me = await api.auth.me();
      expect(me).to.include({ id: user.id, email: user.email, displayName: 'Pro Streamer', subscriptionTier: 'pro' });
      expect(me.createdAt).to.match(/^\d{4}-\d{2}-\d{2}T/);
    });

    it('reports 0 assets this month once a new month began', async () => {
      const { user, api } = await app.createUser();
      await app.service.container.users.update(user.id, { usage_month: '2001-01', assets_generated_this_month: 17 });
      expect((await api.auth.me()).assetsGeneratedThisMonth).to.equal(0);
    });
  });

  describe('PUT /me', () => {
    it('changes the display name and the avatar', async () => {
      const { api } = await app.createUser();
      const updated = await api.auth.updateMe({
        body: { displayName: ' Neon Fox ', avatarUrl: 'https://cdn.example.test/fox.png' },
      });
      expect(updated.displayName).to.equal('Neon Fox');
      expect(updated.avatarUrl).to.equal('https://cdn.example.test/fox.png');
      expect((await api.auth.me()).displayName).to.equal('Neon Fox');
    });

    it('changes only the fields sent, and null removes the avatar', async () => {
      const { api } = await app.createUser({ displayName: 'Keep Me' });
      await api.auth.updateMe({ body: { avatarUrl: 'https://cdn.example.test/a.png' } });
      const updated = await api.auth.updateMe({ body: { avatarUrl: null } });
      expect(updated.displayName).to.equal('Keep Me');
      expect(updated.avatarUrl).to.equal(null);
    });

    it('answers 422 per field for bad values and for an empty body', async () => {
      const { accessToken } = await app.createUser();
      const bad = await call(app, 'PUT', '/api/v1/auth/me', {
        accessToken,
        body: { display_name: 'x'.repeat(51), avatar_url: 'javascript:alert(1)' },
      });
      expect(bad.status).to.equal(422);
      expect(await invalidFields(bad)).to.have.members(['display_name', 'avatar_url']);

      const empty = await call(app, 'PUT', '/api/v1/auth/me', { accessToken, body: {} });
      expect(empty.status).to.equal(422);
    });

    it('refuses a display name with bidirectional override or isolate characters (422 on the field)', async () => {
      const { accessToken, api } = await app.createUser({ displayName: 'Plain Name' });
      const bidi = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
      for (const code of bidi) {
        const response = await call(app, 'PUT', '/api/v1/auth/me', {
          accessToken,
          body: { display_name: `Neon${String.fromCodePoint(code)}Fox` },
        });
        expect(response.status, `U+${code.toString(16).toUpperCase()}`).to.equal(422);
        const error = await errorOf(response);
        expect(error.details).to.deep.equal([
          {
            field: 'display_name',
            message: 'must not contain bidirectional control characters',
            code: 'bidi_control_character',
          },
        ]);
      }
      expect((await api.auth.me()).displayName).to.equal('Plain Name');
      // right-to-left text itself is welcome
      expect((await api.auth.updateMe({ body: { displayName: 'نيون فوكس' } })).displayName).to.equal('نيون فوكس');
    });

    it('refuses such a display name at sign-up too', async () => {
      const response = await call(app, 'POST', '/api/v1/auth/signup', {
        body: { email: `bidi-${Date.now()}@example.test`, password: testPassword, display_name: 'exe.\u202Egnp' },
      });
      expect(response.status).to.equal(422);
      expect(await invalidFields(response)).to.deep.equal(['display_name']);
    });

    it('needs an access token', async () => {
      const response = await call(app, 'PUT', '/api/v1/auth/me', { body: { display_name: 'Nope' } });
      expect(response.status).to.equal(401);
    });
  });

  describe('POST /me/password', () => {
    const newPassword = 'amber-Walrus-77';

    it('changes the password, ends every other session and signs this device in again', async () => {
      const laptop = await signUpAndLogIn(app);
      const phone = await logIn(app, laptop.email);

      const response = await call(app, 'POST', '/api/v1/auth/me/password', {
        accessToken: laptop.login.access_token,
        body: { current_password: testPassword, new_password: newPassword },
        jar: laptop.jar,
      });
      expect(response.status).to.equal(200);
      const fresh = (await response.json()) as LoginResponse;
      expect(laptop.jar.get('aura_refresh')).to.equal(fresh.refresh_token);

      // the new session works; every earlier one (this device's old tokens too) is over
      expect((await call(app, 'GET', '/api/v1/auth/me', { accessToken: fresh.access_token })).status).to.equal(200);
      for (const token of [phone.login.access_token, laptop.login.access_token]) {
        const me = await call(app, 'GET', '/api/v1/auth/me', { accessToken: token });
        expect(me.status).to.equal(401);
        expect((await errorOf(me)).code).to.equal('session_revoked');
      }
      for (const refreshToken of [phone.login.refresh_token, laptop.login.refresh_token]) {
        const refresh = await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: refreshToken } });
        expect(refresh.status).to.equal(401);
      }

      const oldPassword = await call(app, 'POST', '/api/v1/auth/login', {
        body: { email: laptop.email, password: testPassword },
      });
      expect(oldPassword.status).to.equal(401);
      await logIn(app, laptop.email, newPassword);
      await waitForEmail(app, laptop.email, /password was changed/);
    });

    it('answers 422 on current_password when it is wrong', async () => {
      const { login } = await signUpAndLogIn(app);
      const response = await call(app, 'POST', '/api/v1/auth/me/password', {
        accessToken: login.access_token,
        body: { current_password: 'not-my-password', new_password: newPassword },
      });
      expect(response.status).to.equal(422);
      const error = await errorOf(response);
      expect(error.details).to.deep.equal([
        { field: 'current_password', message: 'is not your current password', code: 'wrong_password' },
      ]);
      expect((await call(app, 'GET', '/api/v1/auth/me', { accessToken: login.access_token })).status).to.equal(200);
    });

    it('applies the password rules to the new password', async () => {
      const { login } = await signUpAndLogIn(app);
      for (const weak of ['short', 'qwerty123', login.user.email, testPassword]) {
        const response = await call(app, 'POST', '/api/v1/auth/me/password', {
          accessToken: login.access_token,
          body: { current_password: testPassword, new_password: weak },
        });
        expect(response.status, weak).to.equal(422);
        expect(await invalidFields(response)).to.deep.equal(['new_password']);
      }
    });

    it('tells an account without a password to set one first', async () => {
      const { api } = await app.createUser({ passwordHash: null });
      const error = (await api.auth
        .changePassword({ body: { currentPassword: 'anything-at-all', newPassword } })
        .catch((caught: unknown) => caught)) as ApiError;
      expect(error.status).to.equal(403);
      expect(error.code).to.equal('password_not_set');
    });
  });
});
