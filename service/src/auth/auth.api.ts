import type {
  AuthProvidersResponse,
  authEndpoints,
  EndpointBody,
  MessageResponse,
  TwitchScopeSet,
  UserResponse,
} from '@aurastream/contract';
import { UnauthorizedError } from '../shared/errors';
import { presentUser } from '../users/user.presenter';
import type { User } from '../users/user.repository';
import type { AccountService } from './account.service';
import type { AuthRateLimits } from './auth-rate-limits';
import type { EmailVerificationService } from './email-verification.service';
import type { LoginService } from './login.service';
import type { LoginUnlockService } from './login-unlock.service';
import type { OAuthCallbackInput, OAuthCompletion, OAuthService, OAuthStart } from './oauth/oauth.service';
import type { PasswordResetService } from './password-reset.service';
import type { Actor } from './principal';
import type { PresentedRefreshToken, SessionService, SessionTokens } from './session.service';

type Endpoints = typeof authEndpoints;

/** A new session: the account and its tokens (the HTTP layer also puts them in cookies). */
export interface SignedIn {
  user: User;
  session: SessionTokens;
}

/**
 * Accounts and sessions. What a signed-in user does takes their principal; what anyone may do
 * (sign up, sign in, refresh, reset a password, follow an e-mail link) takes none.
 */
export interface AuthApi {
  signup(input: EndpointBody<Endpoints['signup']>): Promise<UserResponse>;
  /**
   * `client`: where the attempt comes from (`clientOf` of its IP address). Limits and sign-in locks
   * count per account and client, so a stranger cannot lock the owner out.
   */
  login(email: string, password: string, client: string): Promise<SignedIn>;
  /** Ends the caller's session, or the one the refresh token names when there is no caller. */
  logout(principal: Actor | null, presented: PresentedRefreshToken | null): Promise<void>;
  /** Trades a refresh token for new tokens (rate-limited per account); 401 when it is not usable. */
  refresh(presented: PresentedRefreshToken): Promise<SignedIn>;
  me(principal: Actor): Promise<UserResponse>;
  updateMe(principal: Actor, changes: EndpointBody<Endpoints['updateMe']>): Promise<UserResponse>;
  /** Ends every session and starts a fresh one for the caller; `client` as for `login`. */
  changePassword(principal: Actor, input: EndpointBody<Endpoints['changePassword']>, client: string): Promise<SignedIn>;
  /** `client` as for `login`: wrong passwords lock that client out. */
  deleteAccount(principal: Actor, password: string, client: string): Promise<void>;
  requestPasswordReset(email: string): Promise<MessageResponse>;
  confirmPasswordReset(token: string, newPassword: string): Promise<MessageResponse>;
  requestEmailVerification(principal: Actor): Promise<MessageResponse>;
  verifyEmail(token: string): Promise<MessageResponse>;
  /** The link of the "sign-in was locked" e-mail: lifts every sign-in lock of the account. */
  unlockLogin(token: string): Promise<MessageResponse>;
  /** Which sign-in providers this server offers (configured, simulated). */
  providers(): AuthProvidersResponse;
  /**
   * Starts sign-in with a provider, or linking it to the caller's account when there is a caller;
   * `scopeSet` (with a caller) asks for a feature's scopes too (incremental consent).
   */
  startOAuth(provider: string, principal: Actor | null, scopeSet?: TwitchScopeSet): Promise<OAuthStart>;
  /** The provider's name as the service knows it; 404 `unknown_provider` otherwise. */
  oauthProvider(provider: string): string;
  completeOAuth(
    provider: string,
    callback: OAuthCallbackInput,
    browserNonce: string | undefined,
  ): Promise<OAuthCompletion>;
}

export interface AuthApiDependencies {
  accounts: AccountService;
  login: LoginService;
  unlocks: LoginUnlockService;
  sessions: SessionService;
  passwordResets: PasswordResetService;
  verification: EmailVerificationService;
  oauth: OAuthService;
  rateLimits: AuthRateLimits;
}

export function createAuthApi(deps: AuthApiDependencies): AuthApi {
  const { accounts, sessions } = deps;
  return {
    signup: async (input) => presentUser(await accounts.signup(input)),
    login: (email, password, client) => deps.login.login(email, password, client),
    async logout(principal, presented) {
      if (principal) {
        // the bearer token names the session; a refresh token in the body cannot end someone else's
        await sessions.end(principal.id, principal.sessionId);
        return;
      }
      const session = presented ? await sessions.identify(presented) : null;
      if (session) {
        await sessions.end(session.userId, session.sessionId);
      }
    },
    async refresh(presented) {
      const session = await sessions.identify(presented);
      if (!session) {
        throw new UnauthorizedError('The refresh token is invalid', 'invalid_refresh_token');
      }
      await deps.rateLimits.consumeAccount('refresh', session.userId);
      return sessions.rotate(presented.token);
    },
    me: async (principal) => presentUser(await accounts.get(principal.id)),
    updateMe: async (principal, changes) => presentUser(await accounts.updateProfile(principal.id, changes)),
    changePassword: (principal, input, client) => accounts.changePassword(principal.id, input, client),
    deleteAccount: (principal, password, client) => accounts.deleteAccount(principal.id, password, client),
    async requestPasswordReset(email) {
      await deps.passwordResets.request(email);
      return { message: 'If an account uses this address, a reset link is on its way. It works for 1 hour.' };
    },
    async confirmPasswordReset(token, newPassword) {
      await deps.passwordResets.confirm(token, newPassword);
      return { message: 'Your password was changed and every session was signed out. Sign in with the new password.' };
    },
    async requestEmailVerification(principal) {
      const outcome = await deps.verification.request(principal.id);
      return {
        message:
          outcome === 'already_verified'
            ? 'Your e-mail address is already verified'
            : 'A verification link is on its way. It works for 24 hours.',
      };
    },
    async verifyEmail(token) {
      await deps.verification.verify(token);
      return { message: 'Your e-mail address is verified' };
    },
    async unlockLogin(token) {
      await deps.unlocks.unlock(token);
      return { message: 'Sign-in to your account is unlocked' };
    },
    providers() {
      const twitch = deps.oauth.provider('twitch');
      return { twitch: { configured: twitch.isConfigured(), simulated: twitch.isConfigured() && twitch.simulated } };
    },
    startOAuth: (provider, principal, scopeSet) => deps.oauth.start(provider, principal, scopeSet),
    oauthProvider: (provider) => deps.oauth.provider(provider).name,
    completeOAuth: (provider, callback, browserNonce) => deps.oauth.complete(provider, callback, browserNonce),
  };
}
