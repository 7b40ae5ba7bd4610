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
});
