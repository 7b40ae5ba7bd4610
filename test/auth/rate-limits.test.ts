import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { call, errorOf } from './support/http';
import { testPassword, uniqueEmail } from './support/accounts';
import { readOutbox, tokenOf, waitForEmail } from './support/outbox';

/** Sends requests until one is answered 429, giving up after `max`. */
async function untilLimited(send: () => Promise<Response>, max: number): Promise<{ limited: Response; sent: number }> {
  for (let sent = 1; sent <= max; sent += 1) {
    const response = await send();
    if (response.status === 429) {
      return { limited: response, sent };
    }
    await response.arrayBuffer();
  }
  throw new Error(`no 429 after ${max} requests`);
}

describe('rate limits and sign-in locks', () => {
  describe('per IP address', () => {
    let app: TestService;

    before(async () => {
      app = await startTestService({ AUTH_RATE_LIMIT_PER_IP: '3/60', AUTH_RATE_LIMIT_PER_ACCOUNT: '1000/60' });
    });
    after(async () => {
      await app.stop();
    });

    for (const [name, path, body] of [
      ['sign-in', '/api/v1/auth/login', () => ({ email: uniqueEmail(), password: 'whatever-it-is' })],
      ['sign-up', '/api/v1/auth/signup', () => ({ email: uniqueEmail(), password: testPassword, display_name: 'X' })],
      ['refresh', '/api/v1/auth/refresh', () => ({ refresh_token: 'not-a-real-token' })],
      ['password reset requests', '/api/v1/auth/password-reset/request', () => ({ email: uniqueEmail() })],
      [
        'password reset confirmations',
        '/api/v1/auth/password-reset/confirm',
        () => ({ token: 'x', new_password: testPassword }),
      ],
    ] as const) {
      it(`limits ${name}, answering 429 with Retry-After`, async () => {
        const { limited, sent } = await untilLimited(() => call(app, 'POST', path, { body: body() }), 10);
        expect(sent).to.equal(4);
        const retryAfter = Number(limited.headers.get('retry-after'));
        expect(retryAfter).to.be.within(1, 60);
        const error = await errorOf(limited);
        expect(error.code).to.equal('rate_limited');
        expect(error.details).to.deep.equal({ retry_after_seconds: retryAfter });
      });
    }

    it('limits verification requests', async () => {
      const { accessToken } = await app.createUser();
      const { sent } = await untilLimited(
        () => call(app, 'POST', '/api/v1/auth/email/verify/request', { accessToken }),
        10,
      );
      expect(sent).to.equal(4);
    });
  });

  describe('per account', () => {
    let app: TestService;

    before(async () => {
      app = await startTestService({
        AUTH_RATE_LIMIT_PER_IP: '1000/60',
        AUTH_RATE_LIMIT_PER_ACCOUNT: '2/600',
        LOGIN_MAX_FAILURES: '1000',
      });
    });
    after(async () => {
      await app.stop();
    });

    it('limits sign-in attempts to one address, whatever its case', async () => {
      const email = uniqueEmail();
      let attempts = 0;
      const { sent } = await untilLimited(() => {
        attempts += 1;
        return call(app, 'POST', '/api/v1/auth/login', {
          body: { email: attempts % 2 ? email : email.toUpperCase(), password: 'wrong-password' },
        });
      }, 10);
      expect(sent).to.equal(3);
      // another address is not affected
      const other = await call(app, 'POST', '/api/v1/auth/login', { body: { email: uniqueEmail(), password: 'x' } });
      expect(other.status).to.equal(401);
    });

    it('limits password reset requests to one address, known or not', async () => {
      const { sent } = await untilLimited(
        () => call(app, 'POST', '/api/v1/auth/password-reset/request', { body: { email: 'same@example.test' } }),
        10,
      );
      expect(sent).to.equal(3);
    });

    it('limits verification requests of one user', async () => {
      const { accessToken } = await app.createUser();
      const { sent } = await untilLimited(
        () => call(app, 'POST', '/api/v1/auth/email/verify/request', { accessToken }),
        10,
      );
      expect(sent).to.equal(3);
    });

    it('limits sign-ups with one address', async () => {
      const email = uniqueEmail();
      const { sent } = await untilLimited(
        () => call(app, 'POST', '/api/v1/auth/signup', { body: { email, password: testPassword, display_name: 'X' } }),
        10,
      );
      expect(sent).to.equal(3);
    });

    it('limits refreshes of one user (six times the account limit)', async () => {
      const email = uniqueEmail();
      await call(app, 'POST', '/api/v1/auth/signup', { body: { email, password: testPassword, display_name: 'X' } });
      const login = await call(app, 'POST', '/api/v1/auth/login', { body: { email, password: testPassword } });
      let refreshToken = ((await login.json()) as { refresh_token: string }).refresh_token;
      const { sent } = await untilLimited(async () => {
        const response = await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: refreshToken } });
        if (response.ok) {
          refreshToken = ((await response.clone().json()) as { refresh_token: string }).refresh_token;
        }
        return response;
      }, 20);
      expect(sent).to.equal(13);
    });
  });

  describe('sign-in lock after failures', () => {
    let app: TestService;
    const email = uniqueEmail();

    before(async () => {
      app = await startTestService({
        AUTH_RATE_LIMIT_PER_IP: '1000/60',
        AUTH_RATE_LIMIT_PER_ACCOUNT: '1000/60',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_LOCK_SECONDS: '300',
      });
      await call(app, 'POST', '/api/v1/auth/signup', { body: { email, password: testPassword, display_name: 'X' } });
    });
    after(async () => {
      await app.stop();
    });

    it('locks the account after repeated failures and says when to retry', async () => {
      const attempt = (password: string) => call(app, 'POST', '/api/v1/auth/login', { body: { email, password } });
      expect((await attempt('wrong-1')).status).to.equal(401);
      expect((await attempt('wrong-2')).status).to.equal(401);
      const locking = await attempt('wrong-3');
      expect(locking.status).to.equal(429);
      expect(locking.headers.get('retry-after')).to.equal('300');
      const error = await errorOf(locking);
      expect(error.code).to.equal('login_locked');
      expect(error.message).to.include('try again in 5 minutes');

      // even the right password waits until the lock ends
      const locked = await attempt(testPassword);
      expect(locked.status).to.equal(429);
      expect(Number(locked.headers.get('retry-after'))).to.be.within(1, 300);
    });

    it('forgets earlier failures after a successful sign-in', async () => {
      const other = uniqueEmail();
      await call(app, 'POST', '/api/v1/auth/signup', {
        body: { email: other, password: testPassword, display_name: 'X' },
      });
      const attempt = (password: string) =>
        call(app, 'POST', '/api/v1/auth/login', { body: { email: other, password } });
      expect((await attempt('wrong-1')).status).to.equal(401);
      expect((await attempt('wrong-2')).status).to.equal(401);
      expect((await attempt(testPassword)).status).to.equal(200);
      expect((await attempt('wrong-3')).status).to.equal(401);
      expect((await attempt('wrong-4')).status).to.equal(401);
    });

    it('counts wrong passwords at password change towards the lock', async () => {
      const victim = uniqueEmail();
      await call(app, 'POST', '/api/v1/auth/signup', {
        body: { email: victim, password: testPassword, display_name: 'X' },
      });
      const login = await call(app, 'POST', '/api/v1/auth/login', { body: { email: victim, password: testPassword } });
      const { access_token: accessToken } = (await login.json()) as { access_token: string };
      const guess = (currentPassword: string) =>
        call(app, 'POST', '/api/v1/auth/me/password', {
          accessToken,
          body: { current_password: currentPassword, new_password: 'stolen-Token-66' },
        });
      expect((await guess('guess-1')).status).to.equal(422);
      expect((await guess('guess-2')).status).to.equal(422);
      expect((await guess('guess-3')).status).to.equal(429);
      expect((await guess(testPassword)).status).to.equal(429);
    });
  });

  describe('sign-in lock per client', () => {
    let app: TestService;

    before(async () => {
      app = await startTestService({
        // behind a proxy on loopback, the client is the X-Forwarded-For address
        TRUST_PROXY: 'loopback',
        AUTH_RATE_LIMIT_PER_IP: '1000/60',
        AUTH_RATE_LIMIT_PER_ACCOUNT: '1000/60',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_LOCK_SECONDS: '300',
      });
    });
    after(async () => {
      await app.stop();
    });

    const signUp = async () => {
      const email = uniqueEmail('locked');
      await call(app, 'POST', '/api/v1/auth/signup', { body: { email, password: testPassword, display_name: 'X' } });
      return email;
    };
    const attempt = (email: string, password: string, client: string) =>
      call(app, 'POST', '/api/v1/auth/login', {
        body: { email, password },
        headers: { 'x-forwarded-for': client },
      });
    const lockOut = async (email: string, client: string) => {
      for (let failure = 1; failure < 3; failure += 1) {
        expect((await attempt(email, `wrong-${failure}`, client)).status).to.equal(401);
      }
      const locking = await attempt(email, 'wrong-3', client);
      expect(locking.status).to.equal(429);
      expect((await errorOf(locking)).code).to.equal('login_locked');
    };

    it('locks only the client that failed: the owner still signs in from elsewhere', async () => {
      const email = await signUp();
      await lockOut(email, '203.0.113.9');

      expect((await attempt(email, testPassword, '203.0.113.9')).status).to.equal(429);
      expect((await attempt(email, testPassword, '198.51.100.20')).status).to.equal(200);
    });

    it('e-mails the owner a link that lifts the lock, once', async () => {
      const email = await signUp();
      await lockOut(email, '203.0.113.10');
      const mail = await waitForEmail(app, email, /locked/i);
      expect(mail.text).to.include('203.0.113.10');
      const link = mail.links.find((candidate) => candidate.includes('/login/unlock/'));
      expect(link, mail.text).to.be.a('string');

      const unlock = await call(app, 'GET', new URL(link as string).pathname);
      expect(unlock.status, await unlock.clone().text()).to.equal(200);
      expect((await attempt(email, testPassword, '203.0.113.10')).status).to.equal(200);

      const again = await call(app, 'GET', new URL(link as string).pathname, { headers: { accept: 'text/html' } });
      expect(again.status).to.equal(302);
      const landing = new URL(again.headers.get('location') as string);
      expect(landing.pathname).to.equal('/auth/login-unlocked');
      expect(Object.fromEntries(landing.searchParams)).to.include({ status: 'error', code: 'token_used' });
      expect(tokenOf(link as string)).to.have.length.greaterThan(20);
    });

    it('sends one lock e-mail however many clients get locked, and none for an unknown address', async () => {
      const email = await signUp();
      await lockOut(email, '203.0.113.11');
      await lockOut(email, '203.0.113.12');
      await waitForEmail(app, email, /locked/i);
      const unknown = uniqueEmail('nobody');
      await lockOut(unknown, '203.0.113.13');
      // the e-mails are jobs: wait until every one queued here has had its attempt
      await app.service.container.auth.background.drain();
      const mails = await readOutbox(app);
      expect(mails.filter((mail) => mail.to === email && /locked/i.test(mail.subject))).to.have.length(1);
      expect(mails.filter((mail) => mail.to === unknown)).to.deep.equal([]);
    });

    it("does not let a stranger use up the account's sign-in limit either", async () => {
      const limited = await startTestService({
        TRUST_PROXY: 'loopback',
        AUTH_RATE_LIMIT_PER_IP: '1000/60',
        AUTH_RATE_LIMIT_PER_ACCOUNT: '2/600',
        LOGIN_MAX_FAILURES: '1000',
      });
      try {
        const email = uniqueEmail('popular');
        await call(limited, 'POST', '/api/v1/auth/signup', {
          body: { email, password: testPassword, display_name: 'X' },
        });
        const from = (client: string, password: string) =>
          call(limited, 'POST', '/api/v1/auth/login', {
            body: { email, password },
            headers: { 'x-forwarded-for': client },
          });
        const { sent } = await untilLimited(() => from('203.0.113.30', 'wrong-password'), 10);
        expect(sent).to.equal(3);
        expect((await from('198.51.100.31', testPassword)).status).to.equal(200);
      } finally {
        await limited.stop();
      }
    });
  });
});
