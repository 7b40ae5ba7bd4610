import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { call } from './support/http';
import { testPassword, uniqueEmail } from './support/accounts';
import { startFakeSmtp } from './support/fake-smtp';

describe('account e-mail when the mail server is busy', () => {
  let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
  let app: TestService;

  before(async () => {
    smtp = await startFakeSmtp({ refuseFirst: 2 });
    // retries 50 ms, then 100 ms apart
    app = await startTestService({ SMTP_URL: smtp.url, JOB_RETRY_BASE_MS: '50', JOB_MAX_RETRIES: '3' });
  });
  after(async () => {
    await app.stop();
    await smtp.stop();
  });

  it('sends the verification link once the server takes it again, instead of losing it', async () => {
    const email = uniqueEmail();
    const signup = await call(app, 'POST', '/api/v1/auth/signup', {
      body: { email, password: testPassword, display_name: 'Retry Test' },
    });
    expect(signup.status).to.equal(201);

    let delivered = smtp.received.find((message) => message.to.includes(email));
    for (let attempt = 0; attempt < 250 && !delivered; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      delivered = smtp.received.find((message) => message.to.includes(email));
    }
    expect(smtp.refused).to.equal(2);
    expect(delivered?.data).to.match(/^Subject: Verify your AuraStream e-mail address/m);
  });

  it("sends the sign-in lock e-mail once the server takes it again: a retry keeps the lock period's one e-mail", async () => {
    const lockSmtp = await startFakeSmtp({ refuseFirst: 2 });
    const locking = await startTestService({
      SMTP_URL: lockSmtp.url,
      JOB_RETRY_BASE_MS: '50',
      JOB_MAX_RETRIES: '3',
      LOGIN_MAX_FAILURES: '2',
    });
    try {
      const email = uniqueEmail('locked');
      await locking.createUser({ email, passwordHash: await locking.service.container.auth.hasher.hash(testPassword) });
      for (const password of ['wrong-password-1', 'wrong-password-2']) {
        await call(locking, 'POST', '/api/v1/auth/login', { body: { email, password } });
      }
      const deliveredTo = () => lockSmtp.received.filter((message) => message.to.includes(email));
      for (let attempt = 0; attempt < 250 && deliveredTo().length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const delivered = deliveredTo();
      expect(lockSmtp.refused).to.equal(2);
      expect(delivered).to.have.length(1);
      expect(delivered[0]?.data).to.match(/^Subject: Sign-in to your AuraStream account was locked/m);
      expect(delivered[0]?.data).to.include('/api/v1/auth/login/unlock/');
    } finally {
      await locking.stop();
      await lockSmtp.stop();
    }
  });
});
