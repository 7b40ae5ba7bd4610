import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { generateAssets } from '../extension/support';
import { ensureDashboardBuilt } from './support/dashboard-build';
import { launchBrowser, screenshot, screenshotDir } from './support/browser';
import { createAccount, openBrowser, openSignedIn, type BrowserSession } from './support/session';

const KB = 1024;

interface Transfer {
  url: string;
  /** Bytes on the wire: headers and the (compressed) body. */
  bytes: number;
  contentEncoding: string | null;
  contentType: string;
  cacheControl: string | null;
  /** The body's length as sent (Content-Length), when the server said it. */
  bodyBytes: number | null;
}

/**
 * Loads a page with an empty cache and records what crossed the wire for each response, from
 * Chromium's own network events (what a first visit costs, compression included).
 */
async function measureFirstLoad(page: Page, load: () => Promise<void>): Promise<Transfer[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const responses = new Map<string, Omit<Transfer, 'bytes'>>();
  const transfers: Transfer[] = [];
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const header = (name: string) =>
      Object.entries(response.headers).find(([key]) => key.toLowerCase() === name)?.[1] ?? null;
    responses.set(requestId, {
      url: response.url,
      contentEncoding: header('content-encoding'),
      contentType: header('content-type') ?? '',
      cacheControl: header('cache-control'),
      bodyBytes: header('content-length') === null ? null : Number(header('content-length')),
    });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const response = responses.get(requestId);
    if (response) {
      transfers.push({ ...response, bytes: encodedDataLength });
    }
  });
  await load();
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await cdp.detach();
  return transfers;
}

const total = (transfers: Transfer[]) => transfers.reduce((sum, transfer) => sum + transfer.bytes, 0);
const pathOf = (url: string) => new URL(url).pathname;

/** Writes what each page cost to test-results/e2e/first-load.json, for people to read. */
async function record(name: string, transfers: Transfer[]): Promise<void> {
  const file = path.join(screenshotDir, `first-load-${name}.json`);
  const rows = transfers.map((transfer) => ({ ...transfer, url: pathOf(transfer.url) }));
  await writeFile(file, JSON.stringify({ total_bytes: total(transfers), responses: rows }, null, 2));
}

describe('dashboard: the first load is light (browser)', function () {
  this.timeout(90_000);
  let app: TestService;
  let browser: Browser;
  let session: BrowserSession | undefined;

  before(async () => {
    ensureDashboardBuilt();
    [app, browser] = await Promise.all([startTestService(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });
  afterEach(async function () {
    await session?.finish(this.currentTest);
    session = undefined;
  });

  it('sends the sign-in page in under 200 KB: compressed text, subset WOFF2 fonts, no source map', async () => {
    session = await openBrowser(browser, app);
    const { page } = session;
    const transfers = await measureFirstLoad(page, async () => {
      await page.goto('/login');
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    });
    await record('sign-in', transfers);
    await screenshot(page, 'first-load-sign-in');
    expect(total(transfers), 'bytes on the wire').to.be.below(200 * KB);

    const text = transfers.filter((transfer) => /javascript|css|html|svg|json/.test(transfer.contentType));
    expect(text.map((transfer) => pathOf(transfer.url))).to.include.members(['/login']);
    // a body under 1 KB (a small API answer) gains nothing from compression; its headers may weigh more
    for (const transfer of text.filter((candidate) => (candidate.bodyBytes ?? candidate.bytes) > 1024)) {
      expect(transfer.contentEncoding, `${pathOf(transfer.url)} compressed`).to.be.oneOf(['br', 'gzip']);
    }
    const fonts = transfers.filter((transfer) => transfer.contentType.startsWith('font/'));
    expect(fonts.length, 'fonts loaded').to.be.greaterThan(0);
    for (const font of fonts) {
      expect(font.contentType).to.equal('font/woff2');
      expect(font.bytes, pathOf(font.url)).to.be.below(20 * KB);
    }

    // hashed files are cached for a year without asking again; the page itself is always revalidated
    const hashed = transfers.filter((transfer) => pathOf(transfer.url).startsWith('/assets/'));
    expect(hashed.length).to.be.greaterThan(2);
    for (const transfer of hashed) {
      expect(transfer.cacheControl, pathOf(transfer.url)).to.equal('public, max-age=31536000, immutable');
    }
    expect(transfers.find((transfer) => pathOf(transfer.url) === '/login')?.cacheControl).to.equal('no-cache');

    // Chromium asks for brotli only over HTTPS; other clients get it whenever they accept it
    for (const [accepted, sent] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      const response = await fetch(hashed[0]!.url, { headers: { 'accept-encoding': accepted } });
      expect(response.headers.get('content-encoding'), accepted).to.equal(sent);
      expect(response.headers.get('vary')).to.equal('Accept-Encoding');
    }

    // no source map is published, nor pointed at
    const script = hashed.find((transfer) => transfer.contentType.includes('javascript'))!;
    const source = await (await fetch(script.url)).text();
    expect(source).to.not.match(/sourceMappingURL/);
    const map = await fetch(`${script.url}.map`, { headers: { accept: '*/*' } });
    expect(map.status).to.equal(404);
  });

  it('sends the signed-in home page with its thumbnails in under 400 KB', async () => {
    const nova = await createAccount(app, { displayName: 'Nova', tier: 'pro' });
    // the big ones: a 1920×1080 offline screen and scene, a banner, beside an emote and a badge
    for (const type of ['offline_screen', 'starting_soon', 'banner', 'panel', 'emote', 'badge'] as const) {
      await generateAssets(nova.api, type, { prompt: `neon city ${type}` });
    }
    session = await openSignedIn(browser, app, nova);
    const { page } = session;
    const transfers = await measureFirstLoad(page, async () => {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Recent creations' }).waitFor();
      await page.locator('.asset-grid img').first().waitFor();
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('.asset-grid img')].every((image) => image.complete),
      );
    });
    await record('home', transfers);
    await screenshot(page, 'first-load-home');
    expect(total(transfers), 'bytes on the wire').to.be.below(400 * KB);

    const images = transfers.filter((transfer) => transfer.contentType.startsWith('image/'));
    const tiles = await page
      .locator('.asset-grid img')
      .evaluateAll((nodes) => nodes.map((node) => new URL((node as HTMLImageElement).src).pathname));
    expect(tiles).to.have.length(6);
    // designs larger than a tile (the offline screen, the scene, the banner) are shown from a small
    // WebP, never their full file; emotes, badges and panels are tile-sized already
    expect(tiles.filter((tile) => tile.endsWith('.thumb.webp'))).to.have.length(3);
    const thumbnails = images.filter((image) => pathOf(image.url).endsWith('.thumb.webp'));
    expect(thumbnails).to.have.length(3);
    for (const thumbnail of thumbnails) {
      expect(thumbnail.contentType).to.equal('image/webp');
      expect(thumbnail.bytes, pathOf(thumbnail.url)).to.be.below(30 * KB);
    }
  });
});
