import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { UserId } from '../../service/src/users/user.repository';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { call, CookieJar, errorOf } from './support/http';
import { signUpAndLogIn, uniqueEmail } from './support/accounts';
import { completeTwitchSignIn, signInWithTwitch, startTwitchSignIn, visitTwitch } from './support/twitch-sign-in';

describe('sign-in with Twitch (OAuth)', () => {
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
  afterEach(() => {
    expect(twitch.unexpectedRequests).to.deep.equal([]);
  });

  const connections = () => app.service.infra.mongo.connection.collection('platform_connections');

  describe('POST /api/v1/auth/oauth/twitch', () => {
    it("answers Twitch's authorization URL asking only for the e-mail (least privilege) and binds the state to the browser", async () => {
      const jar = new CookieJar();
      const response = await call(app, 'POST', '/api/v1/auth/oauth/twitch', { jar });
      expect(response.status).to.equal(200);
      const body = (await response.json()) as { authorization_url: string; state: string };
      const url = new URL(body.authorization_url);
      expect(`${url.origin}${url.pathname}`).to.equal(`${twitch.authBaseUrl}/authorize`);
      expect(url.searchParams.get('client_id')).to.equal(twitch.clientId);
      expect(url.searchParams.get('response_type')).to.equal('code');
      expect(url.searchParams.get('redirect_uri')).to.equal(`${app.url}/api/v1/auth/oauth/twitch/callback`);
      expect(url.searchParams.get('state')).to.equal(body.state);
      // features ask for their scopes when the streamer turns them on (incremental consent)
      expect(url.searchParams.get('scope')?.split(' ')).to.deep.equal(['user:read:email']);
      const binding = response.headers.getSetCookie().find((cookie) => cookie.startsWith('aura_oauth='));
      expect(binding).to.match(/HttpOnly/i);
      expect(binding).to.match(/SameSite=Lax/i);
      expect(binding).to.match(/Path=\/api\/v1\/auth\/oauth/);
    });

    it('answers 404 naming the supported providers for an unknown one', async () => {
      for (const [method, path] of [
        ['POST', '/api/v1/auth/oauth/myspace'],
        ['GET', '/api/v1/auth/oauth/myspace/callback?code=x&state=y'],
      ] as const) {
        const response = await call(app, method, path);
        expect(response.status).to.equal(404);
        const error = await errorOf(response);
        expect(error.code).to.equal('unknown_provider');
        expect(error.details).to.deep.equal({ supported: ['twitch'] });
      }
    });
  });

  describe('the callback', () => {
    it('creates an account for a new Twitch user, links the connection and signs them in', async () => {
      const email = uniqueEmail('twitchy');
      const streamer = twitch.addUser({ login: 'NeonFox', display_name: 'NeonFox', email });
      const signIn = await signInWithTwitch(app);

      expect(signIn.landing.pathname).to.equal('/auth/oauth/complete');
      expect(Object.fromEntries(signIn.outcome)).to.deep.equal({
        provider: 'twitch',
        status: 'success',
        action: 'signed_up',
      });
      const session = signIn.session!;
      expect(session.user).to.include({
        email,
        email_verified: true,
        display_name: 'NeonFox',
        avatar_url: streamer.profile_image_url,
      });
      const me = await app.clientFor(session.access_token).auth.me();
      expect(me.id).to.equal(session.user.id);

      const rows = await connections().find({ user_id: session.user.id }).toArray();
      expect(rows).to.have.length(1);
      expect(rows[0]).to.include({ platform: 'twitch', platform_user_id: streamer.id });
      expect(rows[0]!.scopes).to.deep.equal(['user:read:email']);
      expect(rows[0]!.expires_at).to.be.instanceOf(Date);

      // the code went to Twitch's token endpoint as a form, with our secret
      // (the service's own app token, for EventSub and validation at start, is another grant)
      const exchange = twitch
        .requestsTo('/oauth2/token')
        .find((request) => request.params.get('grant_type') === 'authorization_code');
      expect(exchange?.headers['content-type']).to.equal('application/x-www-form-urlencoded');
      expect(exchange?.params.get('grant_type')).to.equal('authorization_code');
      expect(exchange?.params.get('client_secret')).to.equal(twitch.clientSecret);
    });

    it('cleans bidirectional control characters out of a Twitch display name', async () => {
      twitch.addUser({
        login: 'mirrorfox',
        display_name: 'Mirror\u202EXOF\u2066Fox\u2069',
        email: uniqueEmail('mirror'),
      });
      const { session } = await signInWithTwitch(app);
      expect(session?.user.display_name).to.equal('MirrorXOFFox');
    });

    it('keeps the Twitch tokens encrypted and never shows them', async () => {
      const streamer = twitch.addUser({ login: 'secretkeeper', email: uniqueEmail() });
      twitch.clearRequests();
      const signIn = await signInWithTwitch(app);
      const exchange = twitch.requestsTo('/oauth2/validate')[0];
      const issuedToken = /^OAuth (\S+)$/.exec(exchange?.headers.authorization ?? '')?.[1] ?? '';
      expect(issuedToken).to.have.length.greaterThan(10);
      expect(twitch.isTokenActive(issuedToken)).to.equal(true);

      const row = await connections().findOne({ platform_user_id: streamer.id });
      expect(row?.access_token).to.match(/^v1\./);
      expect(row?.refresh_token).to.match(/^v1\./);
      expect(JSON.stringify(row)).to.not.include(issuedToken);
      const me = await call(app, 'GET', '/api/v1/auth/me', { accessToken: signIn.session!.access_token });
      expect(await me.text()).to.not.include(issuedToken);
    });

    it('signs the owner of a linked Twitch account in again', async () => {
      twitch.addUser({ login: 'returning', email: uniqueEmail() });
      const first = await signInWithTwitch(app);
      const second = await signInWithTwitch(app);
      expect(second.outcome.get('action')).to.equal('signed_in');
      expect(second.session!.user.id).to.equal(first.session!.user.id);
      expect(await connections().countDocuments({ user_id: first.session!.user.id })).to.equal(1);
    });

    it('connects Twitch to the signed-in user who started the flow', async () => {
      const { login } = await signUpAndLogIn(app);
      const streamer = twitch.addUser({ login: 'linkme', email: uniqueEmail() });
      const linked = await signInWithTwitch(app, { accessToken: login.access_token });
      expect(linked.outcome.get('status')).to.equal('success');
      expect(linked.outcome.get('action')).to.equal('linked');
      expect(linked.session).to.equal(null);
      const row = await connections().findOne({ user_id: login.user.id });
      expect(row?.platform_user_id).to.equal(streamer.id);

      // later, "Sign in with Twitch" reaches the same account
      const viaTwitch = await signInWithTwitch(app);
      expect(viaTwitch.session!.user.id).to.equal(login.user.id);
    });

    it('refuses to connect a Twitch account that belongs to another AuraStream account', async () => {
      twitch.addUser({ login: 'taken', email: uniqueEmail() });
      await signInWithTwitch(app);
      const { login } = await signUpAndLogIn(app);
      const attempt = await signInWithTwitch(app, { accessToken: login.access_token });
      expect(attempt.outcome.get('status')).to.equal('error');
      expect(attempt.outcome.get('code')).to.equal('platform_account_linked');
    });

    it('links by e-mail only when both sides have verified the address', async () => {
      const email = uniqueEmail('same');
      // signed up with a password, e-mail not verified yet: whoever signed up may not own the address
      const { login } = await signUpAndLogIn(app, email);
      twitch.addUser({ login: 'sameaddress', email });
      const refused = await signInWithTwitch(app);
      expect(refused.outcome.get('code')).to.equal('account_exists');
      expect(refused.outcome.get('message')).to.include('Sign in with your password');

      await app.service.container.users.update(login.user.id as UserId, { email_verified: true });
      const accepted = await signInWithTwitch(app);
      expect(accepted.outcome.get('action')).to.equal('signed_in');
      expect(accepted.session!.user.id).to.equal(login.user.id);
    });

    it('refuses a state from another browser (login CSRF)', async () => {
      twitch.addUser({ login: 'victim', email: uniqueEmail() });
      const attacker = await startTwitchSignIn(app);
      const callback = await visitTwitch(attacker.authorizationUrl);
      // the victim's browser follows the attacker's callback link without the attacker's cookie
      const victim = await completeTwitchSignIn(app, callback, new CookieJar());
      expect(victim.outcome.get('status')).to.equal('error');
      expect(victim.outcome.get('code')).to.equal('invalid_state');
      expect(victim.jar.get('aura_refresh')).to.equal(undefined);
    });

    it('uses a state once', async () => {
      twitch.addUser({ login: 'replayer', email: uniqueEmail() });
      const started = await startTwitchSignIn(app);
      const callback = await visitTwitch(started.authorizationUrl);
      const cookie = started.jar.get('aura_oauth');
      expect((await completeTwitchSignIn(app, callback, started.jar)).outcome.get('status')).to.equal('success');
      const replayJar = new CookieJar();
      const replay = await fetch(`${app.url}${callback.pathname}${callback.search}`, {
        headers: { cookie: `aura_oauth=${cookie}` },
        redirect: 'manual',
      });
      replayJar.store(replay);
      expect(new URL(replay.headers.get('location') ?? '').searchParams.get('code')).to.equal('invalid_state');
    });

    it('tells the person when they declined at Twitch', async () => {
      twitch.addUser({ login: 'decliner', email: uniqueEmail() });
      twitch.denyNextAuthorization();
      const declined = await signInWithTwitch(app);
      expect(declined.outcome.get('status')).to.equal('error');
      expect(declined.outcome.get('code')).to.equal('access_denied');
      expect(twitch.requestsTo('/oauth2/token').filter((request) => request.status === 200)).to.not.be.empty;
    });

    it('reports a code Twitch refuses', async () => {
      twitch.addUser({ login: 'forger', email: uniqueEmail() });
      const started = await startTwitchSignIn(app);
      const callback = await visitTwitch(started.authorizationUrl);
      callback.searchParams.set('code', 'forged-code');
      const result = await completeTwitchSignIn(app, callback, started.jar);
      expect(result.outcome.get('code')).to.equal('exchange_failed');
      expect(result.outcome.get('message')).to.include('Invalid authorization code');
    });

    it('needs an e-mail address at Twitch to create an account', async () => {
      twitch.addUser({ login: 'noemail', email: null });
      const result = await signInWithTwitch(app);
      expect(result.outcome.get('code')).to.equal('email_required');
    });
  });
});
