import { expect } from 'chai';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { ensureDashboardBuilt } from './support/dashboard-build';
import { launchBrowser, screenshot } from './support/browser';
import { createAccount, openSignedIn, type BrowserSession } from './support/session';

/** What a result card shows: its score (null when unscored) and its preview's address. */
async function resultCards(page: Page): Promise<{ score: number | null; src: string }[]> {
  return page.locator('.result-card').evaluateAll((cards) =>
    cards.map((card) => {
      const score = card.querySelector('.score')?.textContent?.trim();
      return {
        score: score ? Number(score) : null,
        src: card.querySelector('.result-preview img')?.getAttribute('src') ?? '',
      };
    }),
  );
}

/** The chat previews inside `scope`: each sample's background and its image's drawn size. */
async function chatSamples(scope: Locator) {
  return scope.locator('.chat-sample').evaluateAll((samples) =>
    samples.map((sample) => {
      const image = sample.querySelector('img')!;
      return {
        background: getComputedStyle(sample).backgroundColor,
        label: sample.querySelector('.chat-sample-label')?.textContent ?? '',
        width: image.getBoundingClientRect().width,
        naturalWidth: image.naturalWidth,
        loaded: image.complete && image.naturalWidth > 0,
      };
    }),
  );
}

describe('dashboard: emotes and badges as chat shows them (browser)', function () {
  this.timeout(90_000);
  let app: TestService;
  let browser: Browser;
  let session: BrowserSession | undefined;

  before(async () => {
    ensureDashboardBuilt();
    [app, browser] = await Promise.all([
      startTestService({ MONTHLY_ASSET_LIMITS: 'free:100,pro:200,studio:1000' }),
      launchBrowser(),
    ]);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  afterEach(async function () {
    await session?.finish(this.currentTest);
    session = undefined;
  });

  /** A streamer of their own with a near-black brand: some variations vanish on dark chat, so the scores differ. */
  async function openAsVoid(): Promise<Page> {
    const voidStreamer = await createAccount(app, { displayName: 'Void', tier: 'free' });
    await voidStreamer.api.brandKits.create({
      body: { name: 'Void', primaryColors: ['#0d0d10', '#1a1033'], accentColors: ['#24202c'], tone: 'competitive' },
    });
    session = await openSignedIn(browser, app, voidStreamer);
    return session.page;
  }

  it('leads with the best-reading variation, celebrates it, and previews each at 28 px on dark and light chat', async () => {
    const page = await openAsVoid();
    await page.goto('/create?type=emote');
    await page.getByLabel('Your idea').fill('a hype cat with sunglasses');
    await page.getByRole('radiogroup', { name: 'Variations' }).getByRole('radio', { name: '4' }).click();
    await page.getByRole('button', { name: /^Generate emote/ }).click();
    const celebration = page.getByRole('dialog', { name: 'Your first design!' });
    await celebration.waitFor({ timeout: 60_000 });
    const celebrated = await celebration.locator('img.celebration-preview').getAttribute('src');
    await screenshot(page, 'chat-preview-celebration');
    await page.getByRole('button', { name: 'Keep creating' }).click();
    await page.getByText('Done!').waitFor();

    const cards = await resultCards(page);
    expect(cards).to.have.length(4);
    const scores = cards.map((card) => card.score!);
    expect(
      scores.every((score) => Number.isInteger(score)),
      String(scores),
    ).to.equal(true);
    expect(scores, 'best first').to.deep.equal([...scores].sort((a, b) => b - a));
    expect(celebrated, 'the celebration shows the leader').to.equal(cards[0]!.src);
    if (scores[0]! > scores[1]!) {
      expect(await page.locator('.result-card').first().getByText('Reads best').count()).to.equal(1);
    }

    const samples = await chatSamples(page.locator('.result-card'));
    expect(samples).to.have.length(8);
    expect(samples.map((sample) => sample.background)).to.deep.equal(
      Array.from({ length: 4 }, () => ['rgb(24, 24, 27)', 'rgb(255, 255, 255)']).flat(),
    );
    for (const sample of samples) {
      expect(sample).to.include({ width: 28, naturalWidth: 28, loaded: true });
    }
    await page.locator('.result-card').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'chat-preview-results');
    await page.setViewportSize({ width: 375, height: 812 });
    await page.locator('.result-card').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'chat-preview-results-375');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('previews a badge at 18 px, in the result and in the library detail', async () => {
    const page = await openAsVoid();
    await page.goto('/create?type=badge');
    await page.getByLabel('Your idea').fill('a crown for loyal subs');
    await page.getByRole('radiogroup', { name: 'Variations' }).getByRole('radio', { name: '1' }).click();
    await page.getByRole('button', { name: /^Generate (sub )?badge/i }).click();
    // a new account's first asset: celebrated before the results
    await page.getByRole('dialog', { name: 'Your first design!' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Keep creating' }).click();
    await page.getByText('Done!').waitFor();
    const samples = await chatSamples(page.locator('.result-card'));
    expect(samples.map((sample) => [sample.label, sample.width, sample.naturalWidth])).to.deep.equal([
      ['Dark chat', 18, 18],
      ['Light chat', 18, 18],
    ]);

    await page.keyboard.press('a');
    await page
      .getByRole('button', { name: /Open Sub badge/ })
      .first()
      .click();
    const detail = page.getByRole('dialog', { name: /Sub badge · variation 1/ });
    await detail.waitFor();
    await detail.getByText('In chat at 18 px').waitFor();
    const inDetail = await chatSamples(detail);
    expect(inDetail.map((sample) => [sample.background, sample.naturalWidth, sample.loaded])).to.deep.equal([
      ['rgb(24, 24, 27)', 18, true],
      ['rgb(255, 255, 255)', 18, true],
    ]);
    await screenshot(page, 'chat-preview-detail');
  });
});
