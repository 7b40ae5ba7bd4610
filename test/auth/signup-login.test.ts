import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { ApiError } from '@aurastream/contract';
import { call, CookieJar, errorOf, invalidFields, parseSetCookies } from './support/http';
import { waitForEmail } from './support/outbox';

const password = 'violet-Otter-42';
const uniqueEmail = (label = 'streamer') => `${label}-${randomUUID()}@example.test`;

describe('sign-up and sign-in', () => {
  let app: TestService;
  const adminEmail = uniqueEmail('boss');

  before(async () => {
    app = await startTestService({ ADMIN_EMAILS: `Someone@Example.test, ${adminEmail.toUpperCase()}` });
  });
  after(async () => {
    await app.stop();
  });

  describe('POST /api/v1/auth/signup', () => {
    it('creates the account, answers its UserResponse and e-mails a verification link', async () => {
      const email = uniqueEmail();
      const response = await call(app, 'POST', '/api/v1/auth/signup', {
        body: { email: email.toUpperCase(), password, display_name: '  Neon Fox  ' },
      });
      expect(response.status).to.equal(201);
      const user = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(user).sort()).to.deep.equal(
        [
          'id',
          'email',
          'email_verified',
          'display_name',
          'avatar_url',
          'subscription_tier',
          'subscription_status',
          'assets_generated_this_month',
          'created_at',
          'updated_at',
          'role',
        ].sort(),
      );
      expect(user).to.include({
        email,
        email_verified: false,
        display_name: 'Neon Fox',
        avatar_url: null,
        subscription_tier: 'free',
        subscription_status: 'none',
        assets_generated_this_month: 0,
        role: 'user',
      });
      const mail = await waitForEmail(app, email, /verify/i);
      expect(mail.links.some((link) => link.startsWith(`${app.url}/api/v1/auth/email/verify/`))).to.equal(true);
    });

    it('gives an address in ADMIN_EMAILS no admin role before it is verified (see admin-emails.test.ts)', async () => {
      const user = await app.api.auth.signup({ body: { email: adminEmail, password, displayName: 'Boss' } });
      expect(user).to.include({ emailVerified: false, role: 'user' });
    });

    it('refuses an address that already has an account, whatever its case', async () => {
      const email = uniqueEmail();
      await app.api.auth.signup({ body: { email, password, displayName: 'First' } });
      const response = await call(app, 'POST', '/api/v1/auth/signup', {
        body: { email: email.toUpperCase(), password, display_name: 'Second' },
      });
      expect(response.status).to.equal(409);
      expect((await errorOf(response)).code).to.equal('email_taken');
    });

    it('answers 422 naming each bad field', async () => {
      const response = await call(app, 'POST', '/api/v1/auth/signup', {
        body: { email: 'not-an-email', password: 'short', display_name: '' },
      });
      expect(response.status).to.equal(422);
      expect(await invalidFields(response)).to.have.members(['email', 'password', 'display_name']);
    });

    it('explains which password rule a password breaks', async () => {
      const email = uniqueEmail();
      const common = await call(app, 'POST', '/api/v1/auth/signup', {
        body: { email, password: 'Password123', display_name: 'Fox' },
      });
      expect(common.status).to.equal(422);
      const commonError = await errorOf(common);
      expect(commonError.details).to.deep.equal([
        {
          field: 'password',
          message: 'is one of the most common passwords; choose something less guessable',
          code: 'password_too_common',
        },
      ]);

      const sameAsEmail = await call(app, 'POST', '/api/v1/auth/signup', {
        body: { email, password: email, display_name: 'Fox' },
      });
      expect(sameAsEmail.status).to.equal(422);
      expect(JSON.stringify((await errorOf(sameAsEmail)).details)).to.include('must not be your e-mail address');

      const tooLong = await call(app, 'POST', '/api/v1/auth/signup', {
        body: { email, password: 'ä'.repeat(40), display_name: 'Fox' },
      });
      expect(tooLong.status).to.equal(422);
      expect(JSON.stringify((await errorOf(tooLong)).details)).to.include('at most 72 bytes');
    });

    it('answers 422 for a body that is not JSON', async () => {
      const response = await fetch(`${app.url}/api/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email":',
      });
      expect(response.status).to.equal(422);
      expect((await errorOf(response)).code).to.equal('validation_failed');
    });
  });

  describe('POST /api/v1/auth/login', () => {
    const email = uniqueEmail();

    before(async () => {
      await app.api.auth.signup({ body: { email, password, displayName: 'Pixel' } });
    });

    it('answers the LoginResponse and sets the session cookies', async () => {
      const jar = new CookieJar();
      const response = await call(app, 'POST', '/api/v1/auth/login', {
        body: { email: ` ${email.toUpperCase()} `, password },
        jar,
      });
      expect(response.status).to.equal(200);
      const body = (await response.json()) as Record<string, unknown> & { user: { email: string } };
      expect(Object.keys(body).sort()).to.deep.equal(
        ['access_token', 'refresh_token', 'token_type', 'expires_at', 'user', 'csrf_token'].sort(),
      );
      expect(body.token_type).to.equal('bearer');
      expect(body.user.email).to.equal(email);
      expect(new Date(body.expires_at as string).getTime()).to.be.greaterThan(Date.now());

      const cookies = parseSetCookies(response);
      const refresh = cookies.find((cookie) => cookie.name === 'aura_refresh');
      const csrf = cookies.find((cookie) => cookie.name === 'aura_csrf');
      expect(refresh?.value).to.equal(body.refresh_token);
      expect(refresh?.attributes.has('httponly')).to.equal(true);
      expect(refresh?.attributes.get('samesite')).to.equal('Strict');
      expect(refresh?.attributes.get('path')).to.equal('/api/v1/auth');
      // served over http in tests: Secure only with an https PUBLIC_URL (or COOKIE_SECURE=true)
      expect(refresh?.attributes.has('secure')).to.equal(false);
      expect(csrf?.value).to.equal(body.csrf_token);
      expect(csrf?.attributes.has('httponly')).to.equal(false);
      expect(csrf?.attributes.get('samesite')).to.equal('Strict');

      const me = await app.clientFor(body.access_token as string).auth.me();
      expect(me.email).to.equal(email);
    });

    it('answers the same 401 for a wrong password and an unknown address', async () => {
      const wrong = await call(app, 'POST', '/api/v1/auth/login', { body: { email, password: 'not-the-password' } });
      const unknown = await call(app, 'POST', '/api/v1/auth/login', { body: { email: uniqueEmail(), password } });
      expect(wrong.status).to.equal(401);
      expect(unknown.status).to.equal(401);
      expect(await errorOf(wrong)).to.deep.equal(await errorOf(unknown));
    });

    it('refuses a password sign-in to an account created without a password', async () => {
      const { user } = await app.createUser({ passwordHash: null });
      const response = await call(app, 'POST', '/api/v1/auth/login', { body: { email: user.email, password } });
      expect(response.status).to.equal(401);
      expect((await errorOf(response)).code).to.equal('invalid_credentials');
    });

    it('makes an ADMIN_EMAILS account an admin when it signs in', async () => {
      const { user } = await app.createUser({ email: 'someone@example.test' });
      await app.service.container.users.update(user.id, {
        password_hash: await app.service.container.auth.hasher.hash(password),
      });
      const session = await app.api.auth.login({ body: { email: user.email, password } });
      expect(session.user.role).to.equal('admin');
    });

    it('answers 422 for a missing password', async () => {
      const response = await call(app, 'POST', '/api/v1/auth/login', { body: { email } });
      expect(response.status).to.equal(422);
      expect(await invalidFields(response)).to.deep.equal(['password']);
    });
  });

  describe('access tokens', () => {
    it('are required by GET /me', async () => {
      const error = await app.api.auth.me().catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(ApiError);
      expect((error as ApiError).status).to.equal(401);
    });

    it('are refused when malformed, forged or expired', async () => {
      const { user } = await app.createUser();
      const malformed = await call(app, 'GET', '/api/v1/auth/me', { headers: { authorization: 'Token abc' } });
      expect(malformed.status).to.equal(401);

      const forged = await new SignJWT({ sid: randomUUID() })
        .setProtectedHeader({ alg: 'HS256', kid: app.service.config.auth.jwtKeyId })
        .setSubject(user.id)
        .setIssuer(app.service.config.auth.issuer)
        .setAudience(app.service.config.auth.audience)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode('an-attacker-secret-that-is-long-enough!!'));
      const forgedResponse = await call(app, 'GET', '/api/v1/auth/me', { accessToken: forged });
      expect(forgedResponse.status).to.equal(401);
      expect((await errorOf(forgedResponse)).code).to.equal('invalid_token');

      const { token: expired } = await app.service.container.accessTokens.issue(
        user.id,
        randomUUID(),
        new Date(Date.now() - 24 * 3600 * 1000),
      );
      const expiredResponse = await call(app, 'GET', '/api/v1/auth/me', { accessToken: expired });
      expect(expiredResponse.status).to.equal(401);
      expect((await errorOf(expiredResponse)).code).to.equal('token_expired');
    });
  });

  describe('the API contract', () => {
    it("documents the spec's 14 auth endpoints, the unlock link and the admin ones in OpenAPI", async () => {
      const document = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
        components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      };
      const operations = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      );
      const expected = [
        'POST /api/v1/auth/signup',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
        'POST /api/v1/auth/refresh',
        'GET /api/v1/auth/me',
        'PUT /api/v1/auth/me',
        'POST /api/v1/auth/me/password',
        'DELETE /api/v1/auth/me',
        'POST /api/v1/auth/password-reset/request',
        'POST /api/v1/auth/password-reset/confirm',
        'POST /api/v1/auth/email/verify/request',
        'GET /api/v1/auth/email/verify/{token}',
        'POST /api/v1/auth/oauth/{provider}',
        'GET /api/v1/auth/oauth/{provider}/callback',
        // an AuraStream addition: the link of the "sign-in was locked" e-mail
        'GET /api/v1/auth/login/unlock/{token}',
        // and the sign-in providers this server offers (the dashboard shows only those)
        'GET /api/v1/auth/providers',
      ];
      expect(operations.filter((operation) => operation.includes('/api/v1/auth/'))).to.have.members(expected);
      expect(operations).to.include.members(['GET /api/v1/admin/users', 'PUT /api/v1/admin/users/{id}']);
      expect(Object.keys(document.components.schemas.LoginResponse?.properties ?? {})).to.have.members([
        'access_token',
        'refresh_token',
        'token_type',
        'expires_at',
        'user',
        'csrf_token',
      ]);
      expect(document.components.schemas.UserResponse?.properties).to.have.property('role');
    });
  });

  describe('sign-in with an unconfigured provider', () => {
    it('answers 503 when Twitch has no client id', async () => {
      const response = await call(app, 'POST', '/api/v1/auth/oauth/twitch');
      expect(response.status).to.equal(503);
      expect((await errorOf(response)).code).to.equal('provider_not_configured');
    });
  });
});
