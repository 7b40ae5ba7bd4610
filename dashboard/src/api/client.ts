import { createAuraStreamClient, type AuraStreamClient } from '@aurastream/contract';
import { credentials } from './credentials';

/**
 * The typed API client of the whole dashboard: same origin, bearer token from memory, CSRF header on
 * state-changing requests, and one silent refresh-and-retry when a request answers 401.
 */
export const api: AuraStreamClient = createAuraStreamClient({
  baseUrl: '',
  credentials: 'same-origin',
  getAccessToken: credentials.accessToken,
  getCsrfToken: credentials.csrfToken,
  onUnauthorized: () => credentials.refresh(),
});

/** For the session's own refresh calls: never retries through `onUnauthorized` (no recursion). */
export const sessionApi: AuraStreamClient = createAuraStreamClient({
  baseUrl: '',
  credentials: 'same-origin',
  getAccessToken: credentials.accessToken,
  getCsrfToken: credentials.csrfToken,
});
