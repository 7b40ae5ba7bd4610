import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { call, errorOf, invalidFields } from './support/http';
import { logIn, signUpAndLogIn, uniqueEmail } from './support/accounts';
import { readOutbox, tokenOf, waitForEmail } from './support/outbox';

describe('password reset', () => {
  let app: TestService;
  const newPassword = 'copper-Heron-19';

  before(async () => {
    app = await startTestService({ AUTH_RATE_LIMIT_PER_IP: '1000/60' });
  });
  after(async () => {
    await app.stop();
  });

  const requestReset = (email: string) => call(app, 'POST', '/api/v1/auth/password-reset/request', { body: { email } });
  const confirm = (token: string, password = newPassword) =>
    call(app, 'POST', '/api/v1/auth/password-reset/confirm', { body: { token, new_password: password } });
  const resetToken = async (email: string, count = 1) =>
    tokenOf((await waitForEmail(app, email, /reset/i, { count })).links[0] ?? '');

  describe('POST /password-reset/request', () => {
    it('answers alike for known and unknown addresses and mails only the account', async () => {
      const { email } = await signUpAndLogIn(app);
      const stranger = uniqueEmail('nobody');
      const known = await requestReset(email);
      const unknown = await requestReset(stranger);
      expect(known.status).to.equal(202);
      expect(unknown.status).to.equal(202);
      expect(await known.json()).to.deep.equal(await unknown.json());

      const mail = await waitForEmail(app, email, /reset/i);
      expect(mail.links[0]).to.match(new RegExp(`^${app.url}/reset-password\\?token=`));
      await app.service.container.auth.background.drain();
      expect((await readOutbox(app)).filter((message) => message.to === stranger)).to.deep.equal([]);
    });

    it('stores only a hash of the token, expiring in an hour', async () => {
      const { email, login } = await signUpAndLogIn(app);
      await requestReset(email);
      const token = await resetToken(email);
      const rows = await app.service.infra.mongo.connection
        .collection('auth_tokens')
        .find({ user_id: login.user.id, token_type: 'password_reset' })
        .toArray();
      expect(rows).to.have.length(1);
      const row = rows[0]!;
      expect(row.token_hash).to.equal(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(row)).to.not.include(token);
      const lifetimeMs = (row.expires_at as Date).getTime() - (row.created_at as Date).getTime();
      expect(lifetimeMs).to.be.closeTo(3600_000, 5000);
    });

    it('answers 422 for an address that is not one', async () => {
      const response = await requestReset('nope');
      expect(response.status).to.equal(422);
      expect(await invalidFields(response)).to.deep.equal(['email']);
    });
  });

  describe('POST /password-reset/confirm', () => {
    it('sets the new password and ends every session', async () => {
      const { email, login } = await signUpAndLogIn(app);
      await requestReset(email);
      const token = await resetToken(email);

      const response = await confirm(token);
      expect(response.status).to.equal(200);

      expect((await call(app, 'GET', '/api/v1/auth/me', { accessToken: login.access_token })).status).to.equal(401);
      const refresh = await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: login.refresh_token } });
      expect(refresh.status).to.equal(401);
      const signedIn = await logIn(app, email, newPassword);
      // a sign-in right after the reset works (its token is not caught by the reset's cut-off)
      expect((await call(app, 'GET', '/api/v1/auth/me', { accessToken: signedIn.login.access_token })).status).to.equal(
        200,
      );
      expect(signedIn.login.user.email_verified).to.equal(true);
    });

    it('works once', async () => {
      const { email } = await signUpAndLogIn(app);
      await requestReset(email);
      const token = await resetToken(email);
      expect((await confirm(token)).status).to.equal(200);
      const again = await confirm(token, 'another-Pass-93');
      expect(again.status).to.equal(400);
      expect((await errorOf(again)).code).to.equal('token_used');
    });

    it('refuses an expired token', async () => {
      const { email, login } = await signUpAndLogIn(app);
      await requestReset(email);
      const token = await resetToken(email);
      await app.service.infra.mongo.connection
        .collection('auth_tokens')
        .updateMany({ user_id: login.user.id }, { $set: { expires_at: new Date(Date.now() - 1000) } });
      const response = await confirm(token);
      expect(response.status).to.equal(400);
      expect((await errorOf(response)).code).to.equal('token_expired');
    });

    it('refuses a made-up token', async () => {
      const response = await confirm('A'.repeat(43));
      expect(response.status).to.equal(400);
      expect((await errorOf(response)).code).to.equal('token_invalid');
    });

    it('keeps the link working when the new password is refused', async () => {
      const { email } = await signUpAndLogIn(app);
      await requestReset(email);
      const token = await resetToken(email);
      const weak = await confirm(token, 'password1');
      expect(weak.status).to.equal(422);
      expect(await invalidFields(weak)).to.deep.equal(['new_password']);
      expect((await confirm(token)).status).to.equal(200);
    });

    it('accepts only the newest link', async () => {
      const { email } = await signUpAndLogIn(app);
      await requestReset(email);
      const first = await resetToken(email, 1);
      await requestReset(email);
      const second = await resetToken(email, 2);
      const old = await confirm(first);
      expect(old.status).to.equal(400);
      expect((await errorOf(old)).code).to.equal('token_used');
      expect((await confirm(second)).status).to.equal(200);
    });

    it('does not accept an e-mail verification token', async () => {
      const { email } = await signUpAndLogIn(app);
      const verification = tokenOf((await waitForEmail(app, email, /verify/i)).links[0] ?? '');
      const response = await confirm(verification);
      expect(response.status).to.equal(400);
      expect((await errorOf(response)).code).to.equal('token_invalid');
    });
  });
});
