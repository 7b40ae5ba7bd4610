import { expect } from 'chai';
import { redactHeaders, redactText, UrlRedactor } from './log-redaction';
import { serializeError } from './logger';

const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjMifQ.Xx8bCq7-fv1y9t1cD2d1uY0aJmQ1gG4vE3l0nW8zT2A';
const emailToken = 'Rk1Wq0Aad77v2WKlquIFz5E0_pQrYLhzIBn21G1yGjA';

describe('log redaction', () => {
  const urls = new UrlRedactor(['/api/v1/auth/email/verify/{token}', '/api/v1/assets/{id}']);

  it('redacts the credential segment of an API path, and nothing else of it', () => {
    expect(urls.redact(`/api/v1/auth/email/verify/${emailToken}`)).to.equal('/api/v1/auth/email/verify/[redacted]');
    expect(urls.redact(`/api/v1/auth/email/verify/${emailToken}?x=1`)).to.equal(
      '/api/v1/auth/email/verify/[redacted]?x=1',
    );
    expect(urls.redact(`http://localhost:8080/api/v1/auth/email/verify/${emailToken}`)).to.equal(
      'http://localhost:8080/api/v1/auth/email/verify/[redacted]',
    );
    const id = '8d0e7c1c-1f7a-4a53-9b5e-3f3b2d3f0a11';
    expect(urls.redact(`/api/v1/assets/${id}`)).to.equal(`/api/v1/assets/${id}`);
  });

  it('redacts credential query parameters and JWTs anywhere in a URL', () => {
    expect(urls.redact(`/reset-password?token=${emailToken}`)).to.equal('/reset-password?token=[redacted]');
    expect(urls.redact(`/api/v1/auth/oauth/twitch/callback?code=abc123def&scope=chat%3Aread&state=s-t-a-t-e`)).to.equal(
      '/api/v1/auth/oauth/twitch/callback?code=[redacted]&scope=chat%3Aread&state=[redacted]',
    );
    expect(urls.redact(`/api/v1/x?access_token=${jwt}&limit=5`)).to.equal('/api/v1/x?access_token=[redacted]&limit=5');
    expect(urls.redact(`/api/v1/x/${jwt}`)).to.equal('/api/v1/x/[redacted]');
    expect(urls.redact('/api/v1/assets?cursor=abc&limit=24')).to.equal('/api/v1/assets?cursor=abc&limit=24');
  });

  it("redacts a generated file's secret address", () => {
    expect(urls.redact('/files/users/u/assets/j/a.0123456789abcdef0123456789abcdef.png')).to.equal(
      '/files/users/u/assets/j/a.[redacted].png',
    );
  });

  it('redacts credential headers and the URLs in Referer and Location', () => {
    expect(
      redactHeaders(
        {
          authorization: `Bearer ${jwt}`,
          cookie: 'aura_refresh=abc',
          'x-csrf-token': 'csrf',
          'x-extension-jwt': jwt,
          'set-cookie': ['aura_refresh=abc; HttpOnly'],
          referer: `http://localhost/reset-password?token=${emailToken}`,
          location: `http://localhost/api/v1/auth/email/verify/${emailToken}`,
          'content-type': 'application/json',
        },
        urls,
      ),
    ).to.deep.equal({
      authorization: '[redacted]',
      cookie: '[redacted]',
      'x-csrf-token': '[redacted]',
      'x-extension-jwt': '[redacted]',
      'set-cookie': '[redacted]',
      referer: 'http://localhost/reset-password?token=[redacted]',
      location: 'http://localhost/api/v1/auth/email/verify/[redacted]',
      'content-type': 'application/json',
    });
  });

  it('redacts credentials quoted in a text, such as an HTTP client error naming its URL', () => {
    const message =
      'Encountered HTTP status code 400: Bad Request\n\nURL: https://id.twitch.tv/oauth2/token?grant_type=refresh_token&client_id=abc&client_secret=s3cr3t&refresh_token=r3fr3sh';
    expect(redactText(message)).to.equal(
      'Encountered HTTP status code 400: Bad Request\n\nURL: https://id.twitch.tv/oauth2/token?grant_type=refresh_token&client_id=abc&client_secret=[redacted]&refresh_token=[redacted]',
    );
  });

  it('serializes errors without the bodies and headers they carry, and without credentials in their text', () => {
    const error = Object.assign(new Error(`bad token ${jwt}`), {
      body: '{"password":"hunter22"}',
      headers: { authorization: 'Bearer x' },
      code: 'E_SOMETHING',
      status: 400,
    });
    const serialized = serializeError(error) as Record<string, unknown>;
    expect(serialized).to.not.have.property('body');
    expect(serialized).to.not.have.property('headers');
    expect(serialized).to.include({ code: 'E_SOMETHING', status: 400, message: 'bad token [redacted]' });
    expect(JSON.stringify(serialized)).to.not.include(jwt);
  });
});
