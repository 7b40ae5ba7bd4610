import { expect } from 'chai';
import { ManualClock, startFakeTwitch, type FakeTwitch, type FakeTwitchUser } from '@aurastream/fake-twitch';
import { aimTwurpleAt, appApi } from './support';

describe("fake Twitch: Helix's token bucket", () => {
  let twitch: FakeTwitch;
  let clock: ManualClock;
  let streamer: FakeTwitchUser;

  before(async () => {
    clock = new ManualClock();
    twitch = await startFakeTwitch({ clock, helixPointsPerMinute: 3 });
    streamer = twitch.addUser({ login: 'neonfox' });
  });
  aimTwurpleAt(() => twitch);
  after(async () => {
    await twitch.stop();
  });

  const users = (token: string) =>
    fetch(`${twitch.helixBaseUrl}/users?id=${streamer.id}`, {
      headers: { 'client-id': twitch.clientId, authorization: `Bearer ${token}` },
    });

  it('reports Ratelimit-Limit, -Remaining and -Reset and answers 429 when the bucket is empty', async () => {
    const token = twitch.issueAppToken();
    const remaining: (string | null)[] = [];
    for (let call = 0; call < 3; call += 1) {
      const response = await users(token);
      expect(response.status).to.equal(200);
      expect(response.headers.get('ratelimit-limit')).to.equal('3');
      remaining.push(response.headers.get('ratelimit-remaining'));
    }
    expect(remaining).to.deep.equal(['2', '1', '0']);
    const refused = await users(token);
    expect(refused.status).to.equal(429);
    expect(await refused.json()).to.deep.equal({
      error: 'Too Many Requests',
      status: 429,
      message: 'Too Many Requests',
    });
    // one point comes back every 20 s at 3 a minute
    expect(Number(refused.headers.get('ratelimit-reset'))).to.equal(Math.ceil((clock.now() + 20_000) / 1000));
    clock.advance(20_000);
    expect((await users(token)).status).to.equal(200);
  });

  it('keeps one bucket per app, and per app and user for user tokens', async () => {
    clock.advance(60_000);
    const appToken = twitch.issueAppToken();
    for (let call = 0; call < 3; call += 1) {
      await users(appToken);
    }
    expect((await users(appToken)).status).to.equal(429);
    expect((await users(twitch.issueUserToken(streamer.id).accessToken)).status).to.equal(200);
  });

  it('can be exhausted for every caller at once, and twurple reads the headers', async () => {
    clock.advance(60_000);
    twitch.setHelixRateLimit(800);
    const user = await appApi(twitch).users.getUserById(streamer.id);
    expect(user?.name).to.equal('neonfox');
    twitch.exhaustHelixRateLimit();
    expect((await users(twitch.issueUserToken(streamer.id).accessToken)).status).to.equal(429);
  });
});
