import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Feature } from '../feature';
import type { EmailSender } from '../email';
import type { Logger } from '../shared/logger';
import type { UserRepository } from '../users/user.repository';
import type { RoleChangeService } from '../users/role-change.service';
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
import { ConfiguredAdmins } from './configured-admins';
import { CsrfTokens } from './csrf';
import { EmailLinkTokens } from './email-link-tokens';
import { EmailVerificationService } from './email-verification.service';
import { LoginLockout } from './login-lockout';
import { LoginService } from './login.service';
import { LoginUnlockService } from './login-unlock.service';
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
  /** Audited role changes (ADMIN_EMAILS gives and takes the admin role through it). */
  roles: RoleChangeService;
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
  // a new lock tells the account's owner, with a link that lifts it (`unlocks`, built below)
  const lockout = new LoginLockout(
    redis,
    { ...config.auth.loginLockout, failureWindowSeconds: 15 * 60 },
    (account, client): Promise<void> => unlocks.offer(account, client),
  );
  const admins = new ConfiguredAdmins({
    emails: new AdminEmails(config.auth.adminEmails),
    users,
    roles: deps.roles,
  });
  const linkTokens = new EmailLinkTokens(new AuthTokenRepository(registerAuthTokenModel(deps.connection)));
  const mail = new AccountEmailJobs({
    users,
    tokens: linkTokens,
    emails: new AuthEmails(deps.emailSender, config.http.publicUrl),
    redis,
    lockSeconds: config.auth.loginLockout.lockSeconds,
    logger: logger.child({ component: 'account-email' }),
    retry: config.jobs,
  });
  const unlocks = new LoginUnlockService({ users, tokens: linkTokens, mail, lockout, logger });

  const sessions = new SessionService({
    users,
    accessTokens: deps.accessTokens,
    refreshTokens: new RefreshTokenRepository(registerRefreshTokenModel(deps.connection)),
    revocations: deps.sessionRevocations,
    csrf,
    refreshTokenTtlDays: config.auth.refreshTokenTtlDays,
  });
  const login = new LoginService({ users, hasher, sessions, lockout, rateLimits, admins });
  const verification = new EmailVerificationService({ users, tokens: linkTokens, rateLimits, mail, admins });
  const passwordResets = new PasswordResetService({
    users,
    tokens: linkTokens,
    hasher,
    sessions,
    lockout,
    rateLimits,
    mail,
    admins,
  });
  const accounts = new AccountService({
    users,
    hasher,
    sessions,
    verification,
    linkTokens,
    lockout,
    rateLimits,
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
    admins,
    publicUrl: config.http.publicUrl,
    logger,
  });

  const api = createAuthApi({ accounts, login, unlocks, sessions, passwordResets, verification, oauth, rateLimits });
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
      // a changed ADMIN_EMAILS applies at once: roles it gave or must take back change now, audited
      await admins.applyToAll();
    },
    async stop() {
      // sends this process queued finish before the mail connection closes
      await mail.drain();
      await deps.emailSender.close();
    },
  };

  return { feature, api, background: mail, hasher, sessions };
}
