import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { apiError, collectChunks, eventually, only } from './support';

describe('Prompt Coach session expiry and rate limits', () => {
  let app: TestService;

  before(async () => {
    app = await startTestService({
      COACH_OFFLINE_TOKEN_DELAY_MS: '0',
      COACH_SESSION_TTL_SECONDS: '2',
      COACH_SESSIONS_PER_HOUR: '3',
    });
  });

  after(async () => {
    await app.stop();
  });

  it('forgets an idle session after its TTL: the owner hears coach_session_expired, others not_found', async () => {
    const owner = await app.createUser({ tier: 'studio' });
    const chunks = await collectChunks(
      await owner.api.coach.start({ body: { assetType: 'twitch_offline', description: 'back monday at 8pm' } }),
    );
    const id = only(chunks, 'done').metadata.sessionId;

    await eventually(() =>
      owner.api.coach.getSession({ params: { id } }).then(
        () => false,
        () => true,
      ),
    );
    const expired = await apiError(() => owner.api.coach.getSession({ params: { id } }));
    expect(expired).to.include({ status: 404, code: 'coach_session_expired' });
    for (const call of [
      () => owner.api.coach.sendMessage({ params: { id }, body: { message: 'still there?' } }),
      () => owner.api.coach.endSession({ params: { id } }),
    ]) {
      expect(await apiError(call)).to.include({ status: 404, code: 'coach_session_expired' });
    }

    const stranger = await app.createUser({ tier: 'studio' });
    expect(await apiError(() => stranger.api.coach.getSession({ params: { id } }))).to.include({
      status: 404,
      code: 'coach_session_not_found',
    });
  });

  it('limits how many sessions a user starts per hour, with Retry-After', async () => {
    const { api, accessToken } = await app.createUser({ tier: 'studio' });
    for (let started = 0; started < 3; started += 1) {
      await collectChunks(await api.coach.start({ body: { assetType: 'twitch_badge', description: 'a gem badge' } }));
    }
    const response = await fetch(`${app.url}/api/v1/coach/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ asset_type: 'twitch_badge', description: 'a fourth badge' }),
    });
    expect(response.status).to.equal(429);
    expect(Number(response.headers.get('retry-after'))).to.be.greaterThan(0);
    expect(((await response.json()) as { error: { code: string } }).error.code).to.equal('rate_limited');

    // the limit is per user
    const other = await app.createUser({ tier: 'studio' });
    await collectChunks(
      await other.api.coach.start({ body: { assetType: 'twitch_badge', description: 'a gem badge' } }),
    );
  });
});
