import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { call, errorOf } from './support/http';
import { signUpAndLogIn } from './support/accounts';
import { readOutbox, tokenOf, waitForEmail } from './support/outbox';

describe('e-mail verification', () => {
  let app: TestService;

  before(async () => {
    app = await startTestService({ AUTH_RATE_LIMIT_PER_IP: '1000/60' });
  });
  after(async () => {
    await app.stop();
  });

  const verificationLink = async (email: string, count = 1) =>
    (await waitForEmail(app, email, /verify/i, { count })).links[0] ?? '';

  describe('GET /email/verify/{token}', () => {
    it('verifies the address with the link from the sign-up e-mail', async () => {
      const { email, login } = await signUpAndLogIn(app);
      const link = await verificationLink(email);
      const response = await fetch(link, { headers: { accept: 'application/json' } });
      expect(response.status).to.equal(200);
      expect(((await response.json()) as { message: string }).message).to.match(/verified/);
      const me = await app.clientFor(login.access_token).auth.me();
      expect(me.emailVerified).to.equal(true);
    });

    it('sends a browser on to the dashboard, saying how it went', async () => {
      const { email } = await signUpAndLogIn(app);
      const link = await verificationLink(email);
      const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
      const first = await fetch(link, { headers: browser, redirect: 'manual' });
      expect(first.status).to.equal(302);
      expect(first.headers.get('location')).to.equal(`${app.url}/auth/email-verified?status=success`);
      const again = await fetch(link, { headers: browser, redirect: 'manual' });
      expect(again.status).to.equal(302);
      expect(again.headers.get('location')).to.equal(`${app.url}/auth/email-verified?status=error&code=token_used`);
    });

    it('works once', async () => {
      const { email } = await signUpAndLogIn(app);
      const token = tokenOf(await verificationLink(email));
      expect((await call(app, 'GET', `/api/v1/auth/email/verify/${token}`)).status).to.equal(200);
      const again = await call(app, 'GET', `/api/v1/auth/email/verify/${token}`);
      expect(again.status).to.equal(400);
      expect((await errorOf(again)).code).to.equal('token_used');
    });

    it('refuses an expired or made-up token', async () => {
      const { email, login } = await signUpAndLogIn(app);
      const token = tokenOf(await verificationLink(email));
      await app.service.infra.mongo.connection
        .collection('auth_tokens')
        .updateMany({ user_id: login.user.id }, { $set: { expires_at: new Date(Date.now() - 1000) } });
      const expired = await call(app, 'GET', `/api/v1/auth/email/verify/${token}`);
      expect(expired.status).to.equal(400);
      expect((await errorOf(expired)).code).to.equal('token_expired');

      const forged = await call(app, 'GET', `/api/v1/auth/email/verify/${'Z'.repeat(43)}`);
      expect(forged.status).to.equal(400);
      expect((await errorOf(forged)).code).to.equal('token_invalid');
    });

    it('gives verification tokens a day to live', async () => {
      const { email, login } = await signUpAndLogIn(app);
      await verificationLink(email);
      const row = await app.service.infra.mongo.connection
        .collection('auth_tokens')
        .findOne({ user_id: login.user.id, token_type: 'email_verification' });
      const lifetimeMs = (row?.expires_at as Date).getTime() - (row?.created_at as Date).getTime();
      expect(lifetimeMs).to.be.closeTo(24 * 3600_000, 5000);
    });
  });

  describe('POST /email/verify/request', () => {
    it('e-mails a new link, and only the newest one works', async () => {
      const { email, login } = await signUpAndLogIn(app);
      const first = tokenOf(await verificationLink(email, 1));
      const response = await call(app, 'POST', '/api/v1/auth/email/verify/request', {
        accessToken: login.access_token,
      });
      expect(response.status).to.equal(202);
      const second = tokenOf(await verificationLink(email, 2));
      expect((await call(app, 'GET', `/api/v1/auth/email/verify/${first}`)).status).to.equal(400);
      expect((await call(app, 'GET', `/api/v1/auth/email/verify/${second}`)).status).to.equal(200);
    });

    it('says so when the address is already verified, and sends nothing', async () => {
      const { user, api } = await app.createUser();
      const answer = await api.auth.requestEmailVerification();
      expect(answer.message).to.match(/already verified/);
      await app.service.container.auth.background.drain();
      expect((await readOutbox(app)).filter((message) => message.to === user.email)).to.deep.equal([]);
    });

    it('needs an access token', async () => {
      expect((await call(app, 'POST', '/api/v1/auth/email/verify/request')).status).to.equal(401);
    });
  });
});
