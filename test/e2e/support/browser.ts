import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const screenshotDir = path.join(root, 'test-results', 'e2e');

/** Debian's headless Chromium, with everything that would reach the network switched off. */
export async function launchBrowser(): Promise<Browser> {
  await mkdir(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot to `test-results/e2e/<name>.png` for people to look at. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage, animations: 'disabled' });
}

/** Saves what the page showed when a test failed, as `failed-<test title>.png`, to make a flaky failure readable. */
export async function screenshotOnFailure(page: Page | undefined, test: Mocha.Test | undefined): Promise<void> {
  if (!page || page.isClosed() || test?.state !== 'failed') {
    return;
  }
  const name = `failed-${test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
  await screenshot(page, name, true).catch(() => undefined);
}

/** Fails the test on any uncaught error or console error in the page. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // failed requests the app handles (a 401 before a refresh, a 403 upgrade prompt) log this line
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}
