import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { viewports } from './session';

type Impact = 'minor' | 'moderate' | 'serious' | 'critical';
const impactOrder: Impact[] = ['minor', 'moderate', 'serious', 'critical'];

/**
 * Runs axe-core on the page (every frame, so the extension's iframe too) and answers one readable line
 * per violating element, `rule (impact) selector: what is wrong`, for violations at least as bad as
 * `minimumImpact`. An empty list means the page passes.
 */
export async function axeViolations(page: Page, minimumImpact: Impact): Promise<string[]> {
  const minimum = impactOrder.indexOf(minimumImpact);
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => impactOrder.indexOf(violation.impact ?? 'minor') >= minimum)
    .flatMap((violation) =>
      violation.nodes.map((node) => {
        const why = (node.failureSummary ?? violation.help)
          .replace(/\s+/g, ' ')
          .replace(/^Fix (any|all) of the following: /, '');
        return `${violation.id} (${violation.impact}) ${node.target.join(' ')}: ${why}`;
      }),
    );
}

/** Waits until what a person would look at has arrived: no skeleton or busy region, fonts and images loaded. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"], .skeleton, .splash') === null);
  await page.evaluate(async () => {
    await document.fonts.ready;
    await Promise.all([...document.images].map((image) => image.decode().catch(() => undefined)));
  });
}

export interface AccessibleOptions {
  /** Folder the screenshots go to (`<name>-<width>.png`). */
  screenshots: string;
  /** Waits for the page to be ready to look at, after each change of width (default: `settled`). */
  ready?: (page: Page) => Promise<void>;
  /**
   * Fails on violations at least this bad. The dashboard and the panel promise no serious or critical
   * one; today they have none at all, so the default holds every impact to it.
   */
  minimumImpact?: Impact;
  /** The whole page in the screenshot, not only the viewport (a phone shows the panel below the fold). */
  fullPage?: boolean;
}

/**
 * What the page shows now, at 1280 and then 375 px: a screenshot of each is kept for people to look
 * at, and axe must find no violation. The page is left at 1280 px.
 */
export async function expectAccessible(page: Page, name: string, options: AccessibleOptions): Promise<void> {
  const ready = options.ready ?? settled;
  await mkdir(options.screenshots, { recursive: true });
  const found: string[] = [];
  for (const viewport of [viewports.desktop, viewports.phone]) {
    await page.setViewportSize(viewport);
    await ready(page);
    await page.screenshot({
      path: path.join(options.screenshots, `${name}-${viewport.width}.png`),
      animations: 'disabled',
      fullPage: options.fullPage ?? false,
    });
    const violations = await axeViolations(page, options.minimumImpact ?? 'minor');
    found.push(...violations.map((line) => `${viewport.width} px: ${line}`));
  }
  await page.setViewportSize(viewports.desktop);
  expect(found, `axe on ${name}:\n${found.join('\n')}`).to.deep.equal([]);
}
