import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';
import { collectPageErrors, launchBrowser, screenshotOnFailure } from './browser';
import { ensureDashboardBuilt } from './dashboard-build';

/** The widths every page is checked at: a laptop and a small phone. */
export const viewports = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 375, height: 812 },
} as const;
export type ViewportName = keyof typeof viewports;

export const testPassword = 'purple-rain-2024!';

/** A user who can sign in with a password (so through the form too). */
export interface Account extends TestUser {
  email: string;
  password: string;
}

/** A fresh account of its own for one test: nothing another test did can leak into it. */
export async function createAccount(
  app: TestService,
  options: {
    displayName?: string;
    tier?: 'free' | 'pro' | 'studio';
    role?: 'user' | 'admin';
    emailVerified?: boolean;
  } = {},
): Promise<Account> {
  const displayName = options.displayName ?? 'Nova';
  const email = `${displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomUUID().slice(0, 8)}@example.test`;
  const user = await app.createUser({ ...options, displayName, email, password: testPassword });
  return { ...user, email, password: testPassword };
}

/** A browser context with its page, the page's errors, and the way to end it after a test. */
export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** Screenshots a failed test, closes the context and fails on errors the page logged. */
  finish(test: Mocha.Test | undefined): Promise<void>;
}

export async function openBrowser(
  browser: Browser,
  app: TestService,
  options: { viewport?: ViewportName; mobile?: boolean } = {},
): Promise<BrowserSession> {
  const context = await browser.newContext({
    baseURL: app.url,
    reducedMotion: 'reduce',
    viewport: viewports[options.viewport ?? 'desktop'],
    ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  return {
    context,
    page,
    errors,
    async finish(test) {
      await screenshotOnFailure(page, test);
      await context.close();
      expect(errors, 'errors in the page').to.deep.equal([]);
    },
  };
}

/**
 * A browser signed in as `account` through the login endpoint (its session cookies land in the
 * context, as after the form), with the welcome tour already seen unless `tour` is asked for.
 */
export async function openSignedIn(
  browser: Browser,
  app: TestService,
  account: Account,
  options: { viewport?: ViewportName; mobile?: boolean; tour?: boolean } = {},
): Promise<BrowserSession> {
  const session = await openBrowser(browser, app, options);
  const response = await session.context.request.post('/api/v1/auth/login', {
    data: { email: account.email, password: account.password },
  });
  expect(response.status(), await response.text()).to.equal(200);
  if (!options.tour) {
    await session.context.addInitScript(markTourSeen, account.user.id);
  }
  return session;
}

/** Runs in the page before the app: records the user as onboarded in the dashboard's preferences. */
function markTourSeen(userId: string): void {
  const key = 'aurastream:preferences:v1';
  try {
    const stored = JSON.parse(window.localStorage.getItem(key) ?? '{}') as { onboardedUsers?: string[] };
    const onboarded = stored.onboardedUsers ?? [];
    if (!onboarded.includes(userId)) {
      window.localStorage.setItem(key, JSON.stringify({ ...stored, onboardedUsers: [...onboarded, userId] }));
    }
  } catch {
    // about:blank and other opaque origins have no storage
  }
}

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

/** A dashboard suite's service and browser, and the way its tests open browser sessions. */
export interface DashboardSuite {
  readonly app: TestService;
  readonly browser: Browser;
  /** A new browser context on the dashboard, signed out; finished after the test. */
  open(options?: Parameters<typeof openBrowser>[2]): Promise<BrowserSession>;
  /** A new browser context signed in as `account`; finished after the test. */
  openSignedIn(account: Account, options?: Parameters<typeof openSignedIn>[3]): Promise<BrowserSession>;
}

/**
 * Registers a browser suite's hooks: the dashboard built, a service (with `env`) and a browser
 * started before its tests and stopped after them, and each test's sessions finished after it
 * (screenshot on failure, page errors fail the test).
 */
export function useDashboardBrowser(env: Record<string, string> = {}): DashboardSuite {
  let app: TestService | undefined;
  let browser: Browser | undefined;
  const sessions: BrowserSession[] = [];
  const started = () => {
    if (!app || !browser) {
      throw new Error('the dashboard suite has not started: call useDashboardBrowser inside describe()');
    }
    return { app, browser };
  };
  const track = (session: BrowserSession) => {
    sessions.push(session);
    return session;
  };
  before(async () => {
    ensureDashboardBuilt();
    [app, browser] = await Promise.all([startTestService(env), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });
  afterEach(async function () {
    for (const session of sessions.splice(0)) {
      await session.finish(this.currentTest);
    }
  });
  return {
    get app() {
      return started().app;
    },
    get browser() {
      return started().browser;
    },
    open: async (options) => track(await openBrowser(started().browser, started().app, options)),
    openSignedIn: async (account, options) =>
      track(await openSignedIn(started().browser, started().app, account, options)),
  };
}
