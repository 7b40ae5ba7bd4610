/**
 * The dashboard's unit tests run in Node with happy-dom standing in for the browser: `window`,
 * `document`, `localStorage`, `fetch` and events, installed before any dashboard module loads (several
 * read `window` as they load). `.mocharc.dashboard.cjs` requires this file.
 */
import { GlobalRegistrator } from '@happy-dom/global-registrator';

GlobalRegistrator.register({ url: 'http://dashboard.test/', width: 1280, height: 900 });
