import type { Page } from 'playwright-core';

/** Signs in through the sign-in form and waits for the dashboard. */
export async function signInThroughForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'ready to glow up' }).waitFor();
}

/** New accounts in a new browser always get the welcome tour; this skips it. */
export async function skipTour(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Skip tour' }).click();
  await page.getByRole('dialog', { name: /Welcome to AuraStream/ }).waitFor({ state: 'detached' });
}
