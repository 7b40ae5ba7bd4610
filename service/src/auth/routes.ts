import { Router, type Request, type Response } from 'express';
import { bindRoute, type CallerVerifiers } from '../http/route';
import { rateLimitMiddleware } from '../rate-limit/rate-limiter';
import { AppError, UnauthorizedError } from '../shared/errors';
import { presentUser } from '../users/user.presenter';
import type { User } from '../users/user.repository';
import type { AccountService } from './account.service';
import { type AuthCookies, OAUTH_COOKIE, readCookie, readCsrfHeader, REFRESH_COOKIE } from './auth-cookies';
import type { AuthAction, AuthRateLimits } from './auth-rate-limits';
import type { EmailVerificationService } from './email-verification.service';
import type { LoginService } from './login.service';
import { OAuthFlowError } from './oauth/oauth-provider';
import type { OAuthService } from './oauth/oauth.service';
import type { PasswordResetService } from './password-reset.service';
import { authEndpoints, type LoginResponse } from '@aurastream/contract';
import type { PresentedRefreshToken, SessionService, SessionTokens } from './session.service';

export interface AuthRouterDeps {
  callers: CallerVerifiers;
  accounts: AccountService;
  login: LoginService;
  sessions: SessionService;
  passwordResets: PasswordResetService;
  verification: EmailVerificationService;
  oauth: OAuthService;
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

export function createAuthRouter(deps: AuthRouterDeps): Router {
  const { callers, accounts, sessions, cookies } = deps;
  const router = Router();
  const perIp = (action: AuthAction) => ({ before: [rateLimitMiddleware(deps.rateLimits.ip(action))] });

  /** Answers a new session: tokens in the body, refresh token and CSRF token in cookies. */
  const sessionResponse = (res: Response, user: User, session: SessionTokens): LoginResponse => {
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

  bindRoute(
    router,
    callers,
    authEndpoints.signup,
    async ({ body }) => presentUser(await accounts.signup(body)),
    perIp('signup'),
  );

  bindRoute(
    router,
    callers,
    authEndpoints.login,
    async ({ body, res }) => {
      const { user, session } = await deps.login.login(body.email, body.password);
      return sessionResponse(res, user, session);
    },
    perIp('login'),
  );

  bindRoute(router, callers, authEndpoints.logout, async ({ principal, body, req, res }) => {
    if (principal) {
      // the bearer token names the session; a refresh token in the body cannot end someone else's
      await sessions.end(principal.id, principal.sessionId);
    } else {
      const presented = presentedRefreshToken(req, body.refresh_token);
      const session = presented ? await sessions.identify(presented) : null;
      if (session) {
        await sessions.end(session.userId, session.sessionId);
      }
    }
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
        const session = await sessions.identify(presented);
        if (!session) {
          throw new UnauthorizedError('The refresh token is invalid', 'invalid_refresh_token');
        }
        await deps.rateLimits.consumeAccount('refresh', session.userId);
        const rotated = await sessions.rotate(presented.token);
        return sessionResponse(res, rotated.user, rotated.session);
      } catch (error) {
        if (error instanceof UnauthorizedError && presented.via === 'cookie') {
          cookies.clearSession(res);
        }
        throw error;
      }
    },
    perIp('refresh'),
  );

  bindRoute(router, callers, authEndpoints.me, async ({ principal }) => presentUser(await accounts.get(principal.id)));

  bindRoute(router, callers, authEndpoints.updateMe, async ({ principal, body }) =>
    presentUser(await accounts.updateProfile(principal.id, body)),
  );

  bindRoute(router, callers, authEndpoints.changePassword, async ({ principal, body, res }) => {
    const { user, session } = await accounts.changePassword(principal.id, body);
    return sessionResponse(res, user, session);
  });

  bindRoute(router, callers, authEndpoints.deleteMe, async ({ principal, body, res }) => {
    await accounts.deleteAccount(principal.id, body.password);
    cookies.clearSession(res);
  });

  bindRoute(
    router,
    callers,
    authEndpoints.requestPasswordReset,
    async ({ body }) => {
      await deps.passwordResets.request(body.email);
      return { message: 'If an account uses this address, a reset link is on its way. It works for 1 hour.' };
    },
    perIp('password_reset'),
  );

  bindRoute(
    router,
    callers,
    authEndpoints.confirmPasswordReset,
    async ({ body }) => {
      await deps.passwordResets.confirm(body.token, body.new_password);
      return { message: 'Your password was changed and every session was signed out. Sign in with the new password.' };
    },
    perIp('password_reset_confirm'),
  );

  bindRoute(
    router,
    callers,
    authEndpoints.requestEmailVerification,
    async ({ principal }) => {
      const outcome = await deps.verification.request(principal.id);
      return {
        message:
          outcome === 'already_verified'
            ? 'Your e-mail address is already verified'
            : 'A verification link is on its way. It works for 24 hours.',
      };
    },
    perIp('verification'),
  );

  bindRoute(
    router,
    callers,
    authEndpoints.verifyEmail,
    async ({ params, req, res }) => {
      // a person clicking the e-mail link gets the dashboard, an API client JSON
      const fromBrowser = req.accepts(['json', 'html']) === 'html';
      try {
        await deps.verification.verify(params.token);
      } catch (error) {
        if (fromBrowser && error instanceof AppError) {
          res.redirect(302, dashboardUrl('auth/email-verified', { status: 'error', code: error.code }));
          return { message: error.message };
        }
        throw error;
      }
      if (fromBrowser) {
        res.redirect(302, dashboardUrl('auth/email-verified', { status: 'success' }));
      }
      return { message: 'Your e-mail address is verified' };
    },
    perIp('verification'),
  );

  bindRoute(
    router,
    callers,
    authEndpoints.startOAuth,
    async ({ principal, params, res }) => {
      const started = await deps.oauth.start(params.provider, principal);
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
      const provider = deps.oauth.provider(params.provider);
      const browserNonce = readCookie(req, OAUTH_COOKIE);
      cookies.clearOAuthBinding(res);
      let outcome: Record<string, string>;
      try {
        const completed = await deps.oauth.complete(provider.name, query, browserNonce);
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
      res.redirect(302, dashboardUrl('auth/oauth/complete', { provider: provider.name, ...outcome }));
    },
    perIp('login'),
  );

  return router;
}
