import { Router, type Request, type Response } from 'express';
import { authEndpoints, type LoginResponse, type MessageResponse } from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import { rateLimitMiddleware } from '../rate-limit/rate-limiter';
import { AppError, UnauthorizedError } from '../shared/errors';
import { presentUser } from '../users/user.presenter';
import type { AuthApi, SignedIn } from './auth.api';
import { type AuthCookies, OAUTH_COOKIE, readCookie, readCsrfHeader, REFRESH_COOKIE } from './auth-cookies';
import type { AuthAction, AuthRateLimits } from './auth-rate-limits';
import { clientOf } from './client-address';
import { OAuthFlowError } from './oauth/oauth-provider';
import type { PresentedRefreshToken } from './session.service';

export interface AuthRouterDependencies {
  callers: CallerVerifiers;
  api: AuthApi;
  /** Per-IP limits of the open endpoints (sign-up, sign-in, refresh, e-mail links). */
  rateLimits: AuthRateLimits;
  cookies: AuthCookies;
  publicUrl: string;
}

/** The body token (bot, CLI) or else the browser's cookie, which then needs its CSRF header. */
function presentedRefreshToken(req: Request, bodyToken: string | undefined): PresentedRefreshToken | null {
  if (bodyToken) {
    return { token: bodyToken, via: 'body' };
  }
  const cookieToken = readCookie(req, REFRESH_COOKIE);
  return cookieToken ? { token: cookieToken, via: 'cookie', csrfToken: readCsrfHeader(req) } : null;
}

export function createAuthRouter(deps: AuthRouterDependencies): Router {
  const { callers, api, cookies } = deps;
  const router = Router();
  const perIp = (action: AuthAction) => ({ before: [rateLimitMiddleware(deps.rateLimits.ip(action))] });

  /** Answers a new session: tokens in the body, refresh token and CSRF token in cookies. */
  const sessionResponse = (res: Response, { user, session }: SignedIn): LoginResponse => {
    cookies.setSession(res, {
      refreshToken: session.refreshToken,
      csrfToken: session.csrfToken,
      expiresAt: session.sessionExpiresAt,
    });
    return {
      access_token: session.accessToken,
      refresh_token: session.refreshToken,
      token_type: 'bearer',
      expires_at: session.accessTokenExpiresAt.toISOString(),
      user: presentUser(user),
      csrf_token: session.csrfToken,
    };
  };

  /** Where a browser that followed an e-mail or provider link lands on the dashboard. */
  const dashboardUrl = (path: string, query: Record<string, string>): string => {
    const url = new URL(path, `${deps.publicUrl}/`);
    for (const [key, value] of Object.entries(query)) {
      url.searchParams.set(key, value);
    }
    return url.toString();
  };

  bindRoute(router, callers, authEndpoints.signup, ({ body }) => api.signup(body), perIp('signup'));

  bindRoute(
    router,
    callers,
    authEndpoints.login,
    async ({ body, req, res }) => sessionResponse(res, await api.login(body.email, body.password, clientOf(req.ip))),
    perIp('login'),
  );

  bindRoute(router, callers, authEndpoints.logout, async ({ principal, body, req, res }) => {
    await api.logout(principal, principal ? null : presentedRefreshToken(req, body.refresh_token));
    cookies.clearSession(res);
  });

  bindRoute(
    router,
    callers,
    authEndpoints.refresh,
    async ({ body, req, res }) => {
      const presented = presentedRefreshToken(req, body.refresh_token);
      if (!presented) {
        throw new UnauthorizedError(
          'Send the refresh token in the body or the session cookie',
          'refresh_token_missing',
        );
      }
      try {
        return sessionResponse(res, await api.refresh(presented));
      } catch (error) {
        if (error instanceof UnauthorizedError && presented.via === 'cookie') {
          cookies.clearSession(res);
        }
        throw error;
      }
    },
    perIp('refresh'),
  );

  bindRoute(router, callers, authEndpoints.providers, async () => api.providers());

  bindRoute(router, callers, authEndpoints.me, ({ principal }) => api.me(principal));

  bindRoute(router, callers, authEndpoints.updateMe, ({ principal, body }) => api.updateMe(principal, body));

  bindRoute(router, callers, authEndpoints.changePassword, async ({ principal, body, req, res }) =>
    sessionResponse(res, await api.changePassword(principal, body, clientOf(req.ip))),
  );

  bindRoute(router, callers, authEndpoints.deleteMe, async ({ principal, body, req, res }) => {
    await api.deleteAccount(principal, body.password, clientOf(req.ip));
    cookies.clearSession(res);
  });

  bindRoute(
    router,
    callers,
    authEndpoints.requestPasswordReset,
    ({ body }) => api.requestPasswordReset(body.email),
    perIp('password_reset'),
  );

  bindRoute(
    router,
    callers,
    authEndpoints.confirmPasswordReset,
    ({ body }) => api.confirmPasswordReset(body.token, body.new_password),
    perIp('password_reset_confirm'),
  );

  bindRoute(
    router,
    callers,
    authEndpoints.requestEmailVerification,
    ({ principal }) => api.requestEmailVerification(principal),
    perIp('verification'),
  );

  /**
   * An e-mail link: a person who clicked it gets the dashboard's `page` saying how it went, an API
   * client JSON.
   */
  const followLink = async (
    req: Request,
    res: Response,
    page: string,
    use: () => Promise<MessageResponse>,
  ): Promise<MessageResponse> => {
    const fromBrowser = req.accepts(['json', 'html']) === 'html';
    let answer: MessageResponse;
    try {
      answer = await use();
    } catch (error) {
      if (fromBrowser && error instanceof AppError) {
        res.redirect(302, dashboardUrl(page, { status: 'error', code: error.code }));
        return { message: error.message };
      }
      throw error;
    }
    if (fromBrowser) {
      res.redirect(302, dashboardUrl(page, { status: 'success' }));
    }
    return answer;
  };

  bindRoute(
    router,
    callers,
    authEndpoints.verifyEmail,
    ({ params, req, res }) => followLink(req, res, 'auth/email-verified', () => api.verifyEmail(params.token)),
    perIp('verification'),
  );

  bindRoute(
    router,
    callers,
    authEndpoints.unlockLogin,
    ({ params, req, res }) => followLink(req, res, 'auth/login-unlocked', () => api.unlockLogin(params.token)),
    perIp('verification'),
  );

  bindRoute(
    router,
    callers,
    authEndpoints.startOAuth,
    async ({ principal, params, query, res }) => {
      const started = await api.startOAuth(params.provider, principal, query.scopes);
      cookies.setOAuthBinding(res, started.browserNonce, started.ttlSeconds);
      return { authorization_url: started.authorizationUrl, state: started.state };
    },
    perIp('login'),
  );

  bindRoute(
    router,
    callers,
    authEndpoints.oauthCallback,
    async ({ params, query, req, res }) => {
      const provider = api.oauthProvider(params.provider);
      const browserNonce = readCookie(req, OAUTH_COOKIE);
      cookies.clearOAuthBinding(res);
      let outcome: Record<string, string>;
      try {
        const completed = await api.completeOAuth(provider, query, browserNonce);
        if (completed.action !== 'linked') {
          cookies.setSession(res, {
            refreshToken: completed.session.refreshToken,
            csrfToken: completed.session.csrfToken,
            expiresAt: completed.session.sessionExpiresAt,
          });
        }
        outcome = { status: 'success', action: completed.action };
      } catch (error) {
        if (!(error instanceof OAuthFlowError)) {
          throw error;
        }
        outcome = { status: 'error', code: error.code, message: error.message };
      }
      res.redirect(302, dashboardUrl('auth/oauth/complete', { provider, ...outcome }));
    },
    perIp('login'),
  );

  return router;
}
