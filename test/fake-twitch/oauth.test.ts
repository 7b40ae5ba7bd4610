import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';

const REDIRECT = 'http://127.0.0.1:9/api/v1/auth/oauth/twitch/callback';

interface Browser {
  cookie: string;
}

/** The consent page's hidden request id. */
function requestIdOf(html: string): string {
  const found = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (!found) {
    throw new Error(`no consent form in ${html.slice(0, 300)}`);
  }
  return found;
}

describe('fake Twitch OAuth: the sign-in and consent page, grants and tokens', () => {
  let twitch: FakeTwitch;

  const authorizeUrl = (scopes: string[], extra: Record<string, string> = {}) =>
    `${twitch.authBaseUrl}/authorize?${new URLSearchParams({
      client_id: twitch.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: scopes.join(' '),
      state: 'xyz',
      ...extra,
    }).toString()}`;
  const open = (url: string, browser: Browser) =>
    fetch(url, { redirect: 'manual', headers: browser.cookie ? { cookie: browser.cookie } : {} });
  const decide = async (html: string, fields: Record<string, string>, browser: Browser) => {
    const response = await fetch(`${twitch.authBaseUrl}/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: requestIdOf(html), ...fields }),
    });
    const cookie = response.headers.get('set-cookie');
    if (cookie) {
      browser.cookie = cookie.split(';')[0]!;
    }
    return response;
  };
  const exchange = async (location: string) => {
    const code = new URL(location).searchParams.get('code')!;
    const response = await fetch(`${twitch.authBaseUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: twitch.clientId,
        client_secret: twitch.clientSecret,
        code,
        grant_type: 'authorization_code',
        redirect_uri: REDIRECT,
      }),
    });
    expect(response.status).to.equal(200);
    return (await response.json()) as {
      access_token: string;
      refresh_token: string;
      scope: string[];
      expires_in: number;
    };
  };
  const validate = async (token: string) =>
    (await (
      await fetch(`${twitch.authBaseUrl}/validate`, { headers: { authorization: `OAuth ${token}` } })
    ).json()) as Record<string, unknown>;

  before(async () => {
    twitch = await startFakeTwitch({ consent: 'page', seed: true });
  });
  after(async () => {
    await twitch.stop();
  });

  it('shows a page to sign in as a fake streamer or viewer and approve the scopes', async () => {
    const response = await open(authorizeUrl(['user:read:email', 'channel:manage:redemptions']), { cookie: '' });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/html/);
    const html = await response.text();
    expect(html).to.include('Simulated Twitch').and.include('AuraStream wants to access your account');
    expect(html).to.include('View your email address').and.include('(channel:manage:redemptions)');
    for (const login of ['neonfox', 'pebblecast', 'pixelpal', 'starling', 'subsonic']) {
      expect(html).to.include(`@${login}`);
    }
    expect(html).to.include('NeonFox <span class="kind">@neonfox · Affiliate</span>');
    expect(html).to.include('PebbleCast <span class="kind">@pebblecast · Viewer (no channel points)</span>');
  });

  it('creates an account, signs in and hands back a code for exactly the scopes asked', async () => {
    const browser = { cookie: '' };
    const page = await (await open(authorizeUrl(['user:read:email']), browser)).text();
    const approved = await decide(
      page,
      { account: 'new', login: 'FreshStreamer', kind: 'affiliate', decision: 'authorize' },
      browser,
    );
    expect(approved.status).to.equal(302);
    const location = new URL(approved.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).to.equal(REDIRECT);
    expect(location.searchParams.get('state')).to.equal('xyz');
    expect(location.searchParams.get('scope')).to.equal('user:read:email');
    const tokens = await exchange(location.toString());
    expect(tokens.scope).to.deep.equal(['user:read:email']);
    const user = twitch.user('freshstreamer')!;
    expect(user).to.include({ login: 'freshstreamer', display_name: 'freshstreamer', broadcaster_type: 'affiliate' });
    const validation = await validate(tokens.access_token);
    expect(validation).to.deep.include({
      client_id: twitch.clientId,
      login: 'freshstreamer',
      user_id: user.id,
      scopes: ['user:read:email'],
    });
    expect(validation.expires_in).to.be.within(tokens.expires_in - 5, tokens.expires_in);
  });

  it('asks again for new scopes (incremental consent) and grants exactly those; known scopes go straight back', async () => {
    const browser = { cookie: '' };
    const first = await (await open(authorizeUrl(['user:read:email']), browser)).text();
    const neonfox = twitch.user('neonfox')!;
    const signedIn = await decide(first, { account: neonfox.id, decision: 'authorize' }, browser);
    const signInTokens = await exchange(signedIn.headers.get('location')!);

    const later = await open(authorizeUrl(['channel:read:redemptions', 'channel:manage:redemptions']), browser);
    expect(later.status).to.equal(200);
    const laterPage = await later.text();
    expect(laterPage).to.match(new RegExp(`value="${neonfox.id}" checked`));
    const granted = await decide(laterPage, { account: neonfox.id, decision: 'authorize' }, browser);
    const rewardTokens = await exchange(granted.headers.get('location')!);
    expect(rewardTokens.scope).to.deep.equal(['channel:read:redemptions', 'channel:manage:redemptions']);
    expect((await validate(signInTokens.access_token)).scopes).to.deep.equal(['user:read:email']);

    // everything asked was granted before: Twitch sends the browser straight back, unless force_verify
    const again = await open(authorizeUrl(['user:read:email', 'channel:read:redemptions']), browser);
    expect(again.status).to.equal(302);
    expect(new URL(again.headers.get('location')!).searchParams.get('code')).to.be.a('string');
    const forced = await open(authorizeUrl(['user:read:email'], { force_verify: 'true' }), browser);
    expect(forced.status).to.equal(200);
  });

  it('sends the browser back with access_denied on Cancel, and invalid_scope for a scope Twitch lacks', async () => {
    const browser = { cookie: '' };
    const page = await (await open(authorizeUrl(['user:read:email']), browser)).text();
    const canceled = await decide(page, { account: twitch.user('pixelpal')!.id, decision: 'cancel' }, browser);
    const back = new URL(canceled.headers.get('location')!);
    expect(back.searchParams.get('error')).to.equal('access_denied');
    expect(back.searchParams.get('state')).to.equal('xyz');
    const invalid = await open(authorizeUrl(['user:read:email', 'channel:do:everything']), browser);
    expect(invalid.status).to.equal(302);
    const refused = new URL(invalid.headers.get('location')!);
    expect(refused.searchParams.get('error')).to.equal('invalid_scope');
    expect(refused.searchParams.get('error_description')).to.include('channel:do:everything');
  });

  it('keeps the page with a message when a new login is taken or malformed', async () => {
    const browser = { cookie: '' };
    const page = await (await open(authorizeUrl([]), browser)).text();
    const taken = await decide(page, { account: 'new', login: 'neonfox', decision: 'authorize' }, browser);
    expect(taken.status).to.equal(422);
    expect(await taken.text()).to.include('The login &quot;neonfox&quot; is taken');
    const malformed = await decide(page, { account: 'new', login: 'no spaces!', decision: 'authorize' }, browser);
    expect(await malformed.text()).to.include('A login has 3 to 25 letters');
  });

  it('refreshes, issues app tokens and revokes a token with the authorization behind it', async () => {
    const { accessToken, refreshToken } = twitch.issueUserToken(twitch.user('starling')!.id, ['chat:read']);
    const form = (fields: Record<string, string>) =>
      fetch(`${twitch.authBaseUrl}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: twitch.clientId, client_secret: twitch.clientSecret, ...fields }),
      });
    const refreshed = (await (await form({ grant_type: 'refresh_token', refresh_token: refreshToken })).json()) as {
      access_token: string;
      refresh_token: string;
      scope: string[];
    };
    expect(refreshed.refresh_token).to.equal(refreshToken);
    expect(refreshed.scope).to.deep.equal(['chat:read']);
    const app = (await (await form({ grant_type: 'client_credentials' })).json()) as { access_token: string };
    expect(await validate(app.access_token)).to.include({ client_id: twitch.clientId, scopes: null });
    const revoked = await fetch(`${twitch.authBaseUrl}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: twitch.clientId, token: accessToken }),
    });
    expect(revoked.status).to.equal(200);
    expect(twitch.isTokenActive(refreshed.access_token)).to.equal(false);
    expect(twitch.isTokenActive(refreshToken)).to.equal(false);
    expect((await form({ grant_type: 'refresh_token', refresh_token: refreshToken })).status).to.equal(400);
  });
});
