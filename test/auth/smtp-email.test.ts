import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { call } from './support/http';
import { testPassword, uniqueEmail } from './support/accounts';
import { readOutbox } from './support/outbox';
import { startFakeSmtp } from './support/fake-smtp';

describe('account e-mail over SMTP (SMTP_URL)', () => {
  let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
  let app: TestService;

  before(async () => {
    smtp = await startFakeSmtp();
    app = await startTestService({ SMTP_URL: smtp.url, EMAIL_FROM: 'AuraStream <hello@aurastream.test>' });
  });
  after(async () => {
    await app.stop();
    await smtp.stop();
  });

  it('sends the verification e-mail through the SMTP server instead of the outbox', async () => {
    const email = uniqueEmail();
    const signup = await call(app, 'POST', '/api/v1/auth/signup', {
      body: { email, password: testPassword, display_name: 'Mail Test' },
    });
    expect(signup.status).to.equal(201);
    await app.service.container.auth.background.drain();

    const mail = smtp.received.find((message) => message.to.includes(email));
    expect(mail?.from).to.equal('hello@aurastream.test');
    expect(mail?.data).to.match(/^Subject: Verify your AuraStream e-mail address/m);
    const body = mail?.data.replace(/=\r\n/g, '').replace(/=3D/g, '=') ?? '';
    expect(body).to.include(`${app.url}/api/v1/auth/email/verify/`);
    expect(await readOutbox(app)).to.deep.equal([]);
  });
});
