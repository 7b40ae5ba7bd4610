import { parse as parseCookies } from 'cookie';
import type { CookieOptions, Request, Response } from 'express';

/** httpOnly refresh token; only the auth endpoints ever receive it. */
export const REFRESH_COOKIE = 'aura_refresh';
/** The CSRF token, readable by the dashboard's script (double submit); sent back as `X-CSRF-Token`. */
export const CSRF_COOKIE = 'aura_csrf';
/** Binds an OAuth `state` to the browser that started the sign-in. */
export const OAUTH_COOKIE = 'aura_oauth';

export const REFRESH_COOKIE_PATH = '/api/v1/auth';
const OAUTH_COOKIE_PATH = '/api/v1/auth/oauth';

/** A cookie of the request; the header is parsed here, by the few routes that read cookies, not for every request. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) {
    return undefined;
  }
  const value = parseCookies(header)[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function readCsrfHeader(req: Request): string | undefined {
  const value = req.headers['x-csrf-token'];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Sets and clears the cookies of a browser session; Secure when the service is served over HTTPS. */
export class AuthCookies {
  constructor(private readonly secure: boolean) {}

  setSession(res: Response, session: { refreshToken: string; csrfToken: string; expiresAt: Date }): void {
    const base: CookieOptions = { secure: this.secure, sameSite: 'strict', expires: session.expiresAt };
    res.cookie(REFRESH_COOKIE, session.refreshToken, { ...base, httpOnly: true, path: REFRESH_COOKIE_PATH });
    res.cookie(CSRF_COOKIE, session.csrfToken, { ...base, httpOnly: false, path: '/' });
  }

  clearSession(res: Response): void {
    res.clearCookie(REFRESH_COOKIE, {
      secure: this.secure,
      sameSite: 'strict',
      httpOnly: true,
      path: REFRESH_COOKIE_PATH,
    });
    res.clearCookie(CSRF_COOKIE, { secure: this.secure, sameSite: 'strict', path: '/' });
  }

  /**
   * SameSite=Lax, not Strict: the provider's redirect back is a cross-site navigation, on which a
   * Strict cookie would not be sent.
   */
  setOAuthBinding(res: Response, nonce: string, maxAgeSeconds: number): void {
    res.cookie(OAUTH_COOKIE, nonce, {
      secure: this.secure,
      sameSite: 'lax',
      httpOnly: true,
      path: OAUTH_COOKIE_PATH,
      maxAge: maxAgeSeconds * 1000,
    });
  }

  clearOAuthBinding(res: Response): void {
    res.clearCookie(OAUTH_COOKIE, { secure: this.secure, sameSite: 'lax', httpOnly: true, path: OAUTH_COOKIE_PATH });
  }
}
