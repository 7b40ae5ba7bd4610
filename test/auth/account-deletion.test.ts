import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { UserId } from '../../service/src/users/user.repository';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { call, errorOf, invalidFields } from './support/http';
import { logIn, signUpAndLogIn, testPassword, uniqueEmail, type SignedIn } from './support/accounts';
import { waitForEmail } from './support/outbox';
import { signInWithTwitch } from './support/twitch-sign-in';

/** The collections the auth and Twitch features keep user data in, with their owner field. */
const ownedCollections = [
  ['users', '_id'],
  ['refresh_tokens', 'user_id'],
  ['auth_tokens', 'user_id'],
  ['platform_connections', 'user_id'],
] as const;

describe('deleting an account: DELETE /api/v1/auth/me', () => {
  let twitch: FakeTwitch;
  let app: TestService;

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({ ...twitch.serviceEnv, AUTH_RATE_LIMIT_PER_IP: '1000/60' });
  });
  after(async () => {
    await app.stop();
    await twitch.stop();
  });

  const db = () => app.service.infra.mongo.connection;
  const countOwned = async (userId: string) => {
    const counts: Record<string, number> = {};
    for (const [collection, field] of ownedCollections) {
      counts[collection] = await db()
        .collection(collection)
        .countDocuments({ [field]: userId });
    }
    return counts;
  };

  /** An account with everything the auth and Twitch features keep: sessions, e-mail tokens, a connection. */
  async function fullAccount(): Promise<SignedIn & { twitchAccessToken: string }> {
    const signedIn = await signUpAndLogIn(app);
    await logIn(app, signedIn.email);
    await call(app, 'POST', '/api/v1/auth/password-reset/request', { body: { email: signedIn.email } });
    await waitForEmail(app, signedIn.email, /reset/i);
    twitch.addUser({ login: `del${Date.now()}`, email: uniqueEmail() });
    twitch.clearRequests();
    const linked = await signInWithTwitch(app, { accessToken: signedIn.login.access_token });
    expect(linked.outcome.get('action')).to.equal('linked');
    const validate = twitch.requestsTo('/oauth2/validate')[0];
    const twitchAccessToken = /^OAuth (\S+)$/.exec(validate?.headers.authorization ?? '')?.[1] ?? '';
    await app.service.container.twitchContext.getChannelContext(signedIn.login.user.id as UserId);
    return { ...signedIn, twitchAccessToken };
  }

  it("removes everything of the user and nothing of anyone else's", async () => {
    const doomed = await fullAccount();
    const bystander = await fullAccount();
    const userId = doomed.login.user.id;
    expect(Object.values(await countOwned(userId)).every((count) => count > 0)).to.equal(true);

    const response = await call(app, 'DELETE', '/api/v1/auth/me', {
      accessToken: doomed.login.access_token,
      body: { password: testPassword },
      jar: doomed.jar,
    });
    expect(response.status).to.equal(204);

    expect(await countOwned(userId)).to.deep.equal({
      users: 0,
      refresh_tokens: 0,
      auth_tokens: 0,
      platform_connections: 0,
    });
    expect(await app.service.infra.redis.exists(`twitch:context:${userId}`)).to.equal(0);
    expect(doomed.jar.get('aura_refresh')).to.equal(undefined);

    // the grant at Twitch is withdrawn too
    expect(
      twitch.requestsTo('/oauth2/revoke').some((request) => request.params.get('token') === doomed.twitchAccessToken),
    ).to.equal(true);
    expect(twitch.isTokenActive(doomed.twitchAccessToken)).to.equal(false);

    const bystanderCounts = await countOwned(bystander.login.user.id);
    expect(Object.values(bystanderCounts).every((count) => count > 0)).to.equal(true);
    expect((await call(app, 'GET', '/api/v1/auth/me', { accessToken: bystander.login.access_token })).status).to.equal(
      200,
    );
    expect(twitch.isTokenActive(bystander.twitchAccessToken)).to.equal(true);
  });

  it("ends the user's tokens at once", async () => {
    const doomed = await signUpAndLogIn(app);
    const otherDevice = await logIn(app, doomed.email);
    await app.clientFor(doomed.login.access_token).auth.deleteMe({ body: { password: testPassword } });

    for (const accessToken of [doomed.login.access_token, otherDevice.login.access_token]) {
      expect((await call(app, 'GET', '/api/v1/auth/me', { accessToken })).status).to.equal(401);
    }
    const refresh = await call(app, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: otherDevice.login.refresh_token },
    });
    expect(refresh.status).to.equal(401);
    const login = await call(app, 'POST', '/api/v1/auth/login', {
      body: { email: doomed.email, password: testPassword },
    });
    expect(login.status).to.equal(401);
  });

  it('needs the right password (422 on the field otherwise) and keeps the account', async () => {
    const { login } = await signUpAndLogIn(app);
    const wrong = await call(app, 'DELETE', '/api/v1/auth/me', {
      accessToken: login.access_token,
      body: { password: 'not-my-password' },
    });
    expect(wrong.status).to.equal(422);
    expect(await invalidFields(wrong)).to.deep.equal(['password']);

    const missing = await call(app, 'DELETE', '/api/v1/auth/me', { accessToken: login.access_token, body: {} });
    expect(missing.status).to.equal(422);
    expect(await invalidFields(missing)).to.deep.equal(['password']);
    expect((await call(app, 'GET', '/api/v1/auth/me', { accessToken: login.access_token })).status).to.equal(200);
  });

  it('asks an account without a password to set one first', async () => {
    const { accessToken } = await app.createUser({ passwordHash: null });
    const response = await call(app, 'DELETE', '/api/v1/auth/me', { accessToken, body: { password: 'anything-123' } });
    expect(response.status).to.equal(403);
    expect((await errorOf(response)).code).to.equal('password_not_set');
  });

  it('needs an access token', async () => {
    const response = await call(app, 'DELETE', '/api/v1/auth/me', { body: { password: testPassword } });
    expect(response.status).to.equal(401);
  });
});
