import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Feature } from '../feature';
import type { EmailSender } from '../email';
import type { Logger } from '../shared/logger';
import type { UserRepository } from '../users/user.repository';
import type { UserDataOwner } from '../users/user-data-owner';
import type { PlatformConnectionService } from '../twitch/platform-connection.service';
import type { AccessTokenService } from './access-token';
import { AccountService } from './account.service';
import { AdminEmails } from './admin-emails';
import { AuthCookies } from './auth-cookies';
import { AuthEmails } from './auth-emails';
import { AuthRateLimits } from './auth-rate-limits';
import { registerAuthTokenModel } from './auth-token.model';
import { AuthTokenRepository } from './auth-token.repository';
import { CsrfTokens } from './csrf';
import { EmailLinkTokens } from './email-link-tokens';
import { EmailVerificationService } from './email-verification.service';
import { LoginLockout } from './login-lockout';
import { LoginService } from './login.service';
import type { OAuthProvider } from './oauth/oauth-provider';
import { OAuthStateStore } from './oauth/oauth-state.store';
import { OAuthService } from './oauth/oauth.service';
import { PasswordHasher } from './password-hasher';
import { PasswordResetService } from './password-reset.service';
import { registerRefreshTokenModel } from './refresh-token.model';
import { RefreshTokenRepository } from './refresh-token.repository';
import { createAuthApi } from './auth.api';
import { AccountEmailJobs } from './jobs/send-account-email.job';
import { createAuthRouter } from './routes';
import type { SessionRevocations } from './session-revocations';
import { SessionService } from './session.service';

export interface AuthFeatureDependencies {
  config: Config;
  connection: Connection;
  redis: Redis;
  logger: Logger;
  users: UserRepository;
  accessTokens: AccessTokenService;
  sessionRevocations: SessionRevocations;
  emailSender: EmailSender;
  oauthProviders: readonly OAuthProvider[];
  platformConnections: PlatformConnectionService;
  /**
   * Every other feature's data of a user, removed when the account is deleted. Read at deletion
   * time, so features may add themselves after the auth feature is built.
   */
  userDataOwners: readonly UserDataOwner[];
  /** The platform connections' owner, removed after the other features' data. */
  platformDataOwner: UserDataOwner;
}

/**
 * Accounts, sessions, e-mail links and sign-in with providers. Besides the feature and its API:
 * `background` (the account e-mails, sent as jobs; `drain()` waits for this process's) and `hasher`.
 */
export function createAuthFeature(deps: AuthFeatureDependencies) {
  const { config, redis, users, logger } = deps;
  const hasher = new PasswordHasher(config.auth.bcryptCost);
  const csrf = new CsrfTokens(config.auth.jwtSecret);
  const rateLimits = new AuthRateLimits(redis, config.auth.rateLimits);
  const lockout = new LoginLockout(redis, { ...config.auth.loginLockout, failureWindowSeconds: 15 * 60 });
  const adminEmails = new AdminEmails(config.auth.adminEmails);
  const linkTokens = new EmailLinkTokens(new AuthTokenRepository(registerAuthTokenModel(deps.connection)));
  const mail = new AccountEmailJobs({
    users,
    tokens: linkTokens,
    emails: new AuthEmails(deps.emailSender, config.http.publicUrl),
    logger: logger.child({ component: 'account-email' }),
    retry: config.jobs,
  });

  const sessions = new SessionService({
    users,
    accessTokens: deps.accessTokens,
    refreshTokens: new RefreshTokenRepository(registerRefreshTokenModel(deps.connection)),
    revocations: deps.sessionRevocations,
    csrf,
    refreshTokenTtlDays: config.auth.refreshTokenTtlDays,
  });
  const login = new LoginService({ users, hasher, sessions, lockout, rateLimits, adminEmails });
  const verification = new EmailVerificationService({ users, tokens: linkTokens, rateLimits, mail });
  const passwordResets = new PasswordResetService({
    users,
    tokens: linkTokens,
    hasher,
    sessions,
    lockout,
    rateLimits,
    mail,
  });
  const accounts = new AccountService({
    users,
    hasher,
    sessions,
    verification,
    linkTokens,
    lockout,
    rateLimits,
    adminEmails,
    mail,
    dataOwners: deps.userDataOwners,
    platformDataOwner: deps.platformDataOwner,
    logger,
  });
  const oauth = new OAuthService(deps.oauthProviders, {
    states: new OAuthStateStore(redis),
    users,
    connections: deps.platformConnections,
    sessions,
    login,
    adminEmails,
    publicUrl: config.http.publicUrl,
    logger,
  });

  const api = createAuthApi({ accounts, login, sessions, passwordResets, verification, oauth, rateLimits });
  const cookies = new AuthCookies(config.auth.secureCookies);

  const feature: Feature = {
    name: 'auth',
    routes: (callers) => createAuthRouter({ callers, api, rateLimits, cookies, publicUrl: config.http.publicUrl }),
    registerJobs(scheduler) {
      mail.register(scheduler);
    },
    async start({ runsJobs }) {
      mail.startedWorker(runsJobs);
      logger.info({ email: deps.emailSender.destination }, 'account e-mail goes to');
    },
    async stop() {
      // sends this process queued finish before the mail connection closes
      await mail.drain();
      await deps.emailSender.close();
    },
  };

  return { feature, api, background: mail, hasher, sessions };
}
