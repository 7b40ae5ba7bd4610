import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { call, errorOf } from '../auth/support/http';

describe('GET /api/v1/auth/providers: the sign-in providers this server offers', () => {
  let twitch: FakeTwitch;
  let configured: TestService;
  let unconfigured: TestService;

  before(async () => {
    twitch = await startFakeTwitch();
    configured = await startTestService({ ...twitch.serviceEnv });
    unconfigured = await startTestService(
      { TWITCH_CLIENT_ID: '', TWITCH_CLIENT_SECRET: '', LOG_LEVEL: 'info' },
      { captureLogs: true },
    );
  });
  after(async () => {
    await Promise.all([configured.stop(), unconfigured.stop()]);
    await twitch.stop();
  });

  it('says Twitch is configured (and not simulated) when it has credentials', async () => {
    expect(await configured.api.auth.providers()).to.deep.equal({ twitch: { configured: true, simulated: false } });
  });

  it('says Twitch is not configured without credentials, and its endpoints answer a clear 503 logged at warn without a stack', async () => {
    expect(await unconfigured.api.auth.providers()).to.deep.equal({ twitch: { configured: false, simulated: false } });
    unconfigured.logs!.clear();
    const response = await call(unconfigured, 'POST', '/api/v1/auth/oauth/twitch');
    expect(response.status).to.equal(503);
    const error = await errorOf(response);
    expect(error.code).to.equal('provider_not_configured');
    expect(error.message).to.equal('Sign-in with Twitch is not set up on this server');
    const lines = unconfigured.logs!.records().filter((line) => line.code === 'provider_not_configured');
    // the error and the request's own line both name it: each at warn, neither with a stack
    expect(lines).to.not.be.empty;
    for (const line of lines) {
      expect(line.level).to.equal(40);
      expect(JSON.stringify(line)).to.not.contain('"stack"');
    }
  });

  it('answers the channel-point and connection endpoints without Twitch, and subscribes to nothing', async () => {
    const { api } = await unconfigured.createUser();
    expect((await api.twitchConnection.get()).connected).to.equal(false);
    expect((await api.channelPoints.get()).twitchConnected).to.equal(false);
  });
});
