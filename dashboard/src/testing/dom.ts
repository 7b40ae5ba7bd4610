/**
 * The dashboard's unit tests run in Node with happy-dom standing in for the browser: `window`,
 * `document`, `localStorage`, `fetch` and events, installed before any dashboard module loads (several
 * read `window` as they load). `.mocharc.dashboard.cjs` requires this file.
 */
import { GlobalRegistrator } from '@happy-dom/global-registrator';

GlobalRegistrator.register({ url: 'http://dashboard.test/', width: 1280, height: 900 });

/**
 * Tabs talk over a BroadcastChannel that lives as long as the page (api/session.ts); Node's would keep
 * the test process alive after the last test, so these let it exit.
 */
class TabChannel extends BroadcastChannel {
  constructor(name: string) {
    super(name);
    (this as unknown as { unref(): void }).unref();
  }
}
globalThis.BroadcastChannel = TabChannel;

/** Mocha root hooks: the page closes after the last test (its timers with it). */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await GlobalRegistrator.unregister();
  },
};
