import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Feature } from '../feature';
import type { AuthenticateRequest } from '../http/route';
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
import { BackgroundTasks } from './background-tasks';
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
import { createAuthRouter } from './routes';
import type { SessionRevocations } from './session-revocations';
import { SessionService } from './session.service';

export interface AuthFeatureDeps {
  config: Config;
  connection: Connection;
  redis: Redis;
  logger: Logger;
  users: UserRepository;
  /** Audited role changes (ADMIN_EMAILS gives and takes the admin role through it). */
  roles: RoleChangeService;
  accessTokens: AccessTokenService;
  sessionRevocations: SessionRevocations;
  authenticate: AuthenticateRequest;
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

/** Accounts, sessions, e-mail links and sign-in with providers (Module 1 of the spec). */
export function createAuthFeature(deps: AuthFeatureDeps) {
  const { config, redis, users, logger } = deps;
  const hasher = new PasswordHasher(config.auth.bcryptCost);
  const csrf = new CsrfTokens(config.auth.jwtSecret);
  const rateLimits = new AuthRateLimits(redis, config.auth.rateLimits);
  // a new lock tells the account's owner, with a link that lifts it (`unlocks`, built below)
  const lockout = new LoginLockout(
    redis,
    { ...config.auth.loginLockout, failureWindowSeconds: 15 * 60 },
    (account, client) => unlocks.offer(account, client),
  );
  const admins = new ConfiguredAdmins({
    emails: new AdminEmails(config.auth.adminEmails),
    users,
    roles: deps.roles,
  });
  const background = new BackgroundTasks(logger.child({ component: 'auth' }));
  const emails = new AuthEmails(deps.emailSender, config.http.publicUrl);
  const linkTokens = new EmailLinkTokens(new AuthTokenRepository(registerAuthTokenModel(deps.connection)));
  const unlocks = new LoginUnlockService({
    redis,
    users,
    tokens: linkTokens,
    emails,
    background,
    lockout,
    lockSeconds: config.auth.loginLockout.lockSeconds,
  });

  const sessions = new SessionService({
    users,
    accessTokens: deps.accessTokens,
    refreshTokens: new RefreshTokenRepository(registerRefreshTokenModel(deps.connection)),
    revocations: deps.sessionRevocations,
    csrf,
    refreshTokenTtlDays: config.auth.refreshTokenTtlDays,
  });
  const login = new LoginService({ users, hasher, sessions, lockout, rateLimits, admins });
  const verification = new EmailVerificationService({
    users,
    tokens: linkTokens,
    emails,
    rateLimits,
    background,
    admins,
  });
  const passwordResets = new PasswordResetService({
    users,
    tokens: linkTokens,
    emails,
    hasher,
    sessions,
    lockout,
    rateLimits,
    background,
    admins,
  });
  const accounts = new AccountService({
    users,
    hasher,
    sessions,
    verification,
    linkTokens,
    emails,
    lockout,
    rateLimits,
    background,
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

  const router = createAuthRouter({
    authenticate: deps.authenticate,
    accounts,
    login,
    unlocks,
    sessions,
    passwordResets,
    verification,
    oauth,
    rateLimits,
    cookies: new AuthCookies(config.auth.secureCookies),
    publicUrl: config.http.publicUrl,
  });

  const feature: Feature = {
    name: 'auth',
    router,
    async start() {
      logger.info({ email: deps.emailSender.destination }, 'account e-mail goes to');
      // a changed ADMIN_EMAILS applies at once: roles it gave or must take back change now, audited
      await admins.applyToAll();
    },
    async stop() {
      // e-mails being sent finish before the connections close
      await background.drain();
      await deps.emailSender.close();
    },
  };

  return { feature, accounts, sessions, login, hasher, background };
}
