import { readCookie } from '../lib/cookies';

/**
 * The access token lives only in this module's memory (never in storage, so an injected script
 * cannot lift it from localStorage); a reload gets a new one from the httpOnly refresh cookie.
 */
let accessToken: string | null = null;
let csrfToken: string | null = null;
let refresher: (() => Promise<boolean>) | null = null;

/** The readable double-submit cookie the service sets next to the refresh cookie. */
export const CSRF_COOKIE = 'aura_csrf';

export const credentials = {
  accessToken: (): string | null => accessToken,
  /** The cookie is the source of truth (another tab may have rotated the session). */
  csrfToken: (): string | null => readCookie(CSRF_COOKIE) ?? csrfToken,
  set(tokens: { accessToken: string | null; csrfToken?: string | null }): void {
    accessToken = tokens.accessToken;
    if (tokens.csrfToken !== undefined) {
      csrfToken = tokens.csrfToken;
    }
  },
  clear(): void {
    accessToken = null;
    csrfToken = null;
  },
  /** Installed by the session: gets a fresh access token, resolving whether it could. */
  setRefresher(refresh: () => Promise<boolean>): void {
    refresher = refresh;
  },
  refresh(): Promise<boolean> {
    return refresher ? refresher() : Promise.resolve(false);
  },
};
