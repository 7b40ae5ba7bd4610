import { expect } from 'chai';
import { formatRfc822 } from './rfc822';

describe('RFC 5322 messages of the outbox', () => {
  const date = new Date('2026-03-01T12:00:00Z');

  it('keeps long links whole (8bit, no quoted-printable line breaks)', () => {
    const link = `http://localhost:8080/api/v1/auth/email/verify/${'x'.repeat(60)}`;
    const message = formatRfc822(
      { to: 'a@example.test', subject: 'Verify', text: `Open:\n${link}\n` },
      'AuraStream <no-reply@aurastream.local>',
      date,
    );
    expect(message).to.include(`\r\n${link}\r\n`);
    expect(message).to.include('Content-Transfer-Encoding: 8bit');
    expect(message).to.include('Date: Sun, 01 Mar 2026 12:00:00 +0000');
    expect(message).to.match(/^Message-ID: <[0-9a-f-]+@aurastream\.local>$/m);
  });

  it('encodes non-ASCII headers and drops line breaks from them', () => {
    const message = formatRfc822(
      { to: 'a@example.test', subject: 'Grüße\r\nBcc: evil@example.test', text: 'hi' },
      'Äura <no-reply@aurastream.local>',
      date,
    );
    expect(message).to.not.match(/^Bcc:/m);
    expect(message).to.match(/^Subject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/m);
    expect(message).to.match(/^From: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <no-reply@aurastream\.local>$/m);
  });
});
