import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';

describe('plans', function () {
  this.timeout(30_000);
  let app: TestService;

  before(async () => {
    app = await startTestService({
      BRAND_KIT_LIMITS: 'free:2,pro:7,studio:30',
      MONTHLY_ASSET_LIMITS: 'free:15,pro:150,studio:900',
    });
  });
  after(async () => {
    await app.stop();
  });

  it("answers each tier's limits as this installation enforces them, and the caller's tier", async () => {
    const { api } = await app.createUser({ tier: 'pro' });
    const answer = await api.plans.list();
    expect(answer.currentTier).to.equal('pro');
    expect(answer.plans).to.deep.equal([
      { tier: 'free', monthlyAssets: 15, brandKits: 2, maxVariations: 4, coach: 'tips_only', twitchGrounding: false },
      { tier: 'pro', monthlyAssets: 150, brandKits: 7, maxVariations: 4, coach: 'tips_only', twitchGrounding: false },
      {
        tier: 'studio',
        monthlyAssets: 900,
        brandKits: 30,
        maxVariations: 4,
        coach: 'full_coach',
        twitchGrounding: true,
      },
    ]);
  });

  it('says plainly how a tier changes here: an administrator sets it, no billing', async () => {
    const { api } = await app.createUser();
    const { change } = await api.plans.list();
    expect(change.method).to.equal('administrator');
    expect(change.instructions).to.include('administrator').and.include('npm run admin -- set-tier');
  });

  it('the limits it answers are the ones enforced: the brand kit limit of the free tier', async () => {
    const { api } = await app.createUser({ tier: 'free' });
    const { plans } = await api.plans.list();
    const free = plans.find((plan) => plan.tier === 'free')!;
    for (let index = 0; index < free.brandKits; index += 1) {
      await api.brandKits.create({ body: { name: `Kit ${index}` } });
    }
    const refused = await api.brandKits.create({ body: { name: 'One too many' } }).then(
      () => null,
      (error: { status: number }) => error.status,
    );
    expect(refused).to.equal(403);
  });

  it('needs a signed-in user', async () => {
    expect((await fetch(`${app.url}/api/v1/plans`)).status).to.equal(401);
  });
});
