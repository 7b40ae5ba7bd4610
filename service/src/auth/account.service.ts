import type { User, UserId, UserRepository } from '../users/user.repository';
import type { UserDataOwner } from '../users/user-data-owner';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { AuthRateLimits } from './auth-rate-limits';
import type { EmailLinkTokens } from './email-link-tokens';
import type { EmailVerificationService } from './email-verification.service';
import type { AccountEmailJobs } from './jobs/send-account-email.job';
import type { LoginLockout } from './login-lockout';
import type { PasswordHasher } from './password-hasher';
import { assertPasswordAcceptable } from './password-policy';
import type { SessionService, SessionTokens } from './session.service';

function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** The account itself: sign-up, profile, password change and deletion. */
export class AccountService {
  constructor(
    private readonly deps: {
      users: UserRepository;
      hasher: PasswordHasher;
      sessions: SessionService;
      verification: EmailVerificationService;
      linkTokens: EmailLinkTokens;
      lockout: LoginLockout;
      rateLimits: AuthRateLimits;
      mail: Pick<AccountEmailJobs, 'send'>;
      /**
       * Every feature keeping data of a user, asked to remove it when the account is deleted (read
       * then, so features may join the list after this service is built).
       */
      dataOwners: readonly UserDataOwner[];
      /** The user's platform connections: removed after the features' data, which may use them. */
      platformDataOwner: UserDataOwner;
      logger: Logger;
    },
  ) {}

  async signup(input: { email: string; password: string; display_name: string }): Promise<User> {
    const email = input.email.trim().toLowerCase();
    await this.deps.rateLimits.consumeAccount('signup', email);
    assertPasswordAcceptable(input.password, { email, field: 'password' });
    if (await this.deps.users.findByEmailForAuthentication(email)) {
      throw this.emailTaken();
    }
    const passwordHash = await this.deps.hasher.hash(input.password);
    let user: User;
    try {
      user = await this.deps.users.create({
        email,
        display_name: input.display_name,
        password_hash: passwordHash,
        // ADMIN_EMAILS applies once the address is verified: signing up with it proves nothing
      });
    } catch (error) {
      // two sign-ups with one address at the same moment: the unique index decides
      throw isDuplicateKeyError(error) ? this.emailTaken() : error;
    }
    await this.deps.verification.sendLink(user);
    return user;
  }

  async get(userId: UserId): Promise<User> {
    const user = await this.deps.users.findById(userId);
    if (!user) {
      throw new NotFoundError('The account');
    }
    return user;
  }

  async updateProfile(userId: UserId, changes: { display_name?: string; avatar_url?: string | null }): Promise<User> {
    const update: { display_name?: string; avatar_url?: string | null } = {};
    if (changes.display_name !== undefined) {
      update.display_name = changes.display_name;
    }
    if (changes.avatar_url !== undefined) {
      update.avatar_url = changes.avatar_url;
    }
    const user = await this.deps.users.update(userId, update);
    if (!user) {
      throw new NotFoundError('The account');
    }
    return user;
  }

  /** Changes the password, ends every session and starts a fresh one for the caller. */
  async changePassword(
    userId: UserId,
    input: { current_password: string; new_password: string },
    client: string,
  ): Promise<{ user: User; session: SessionTokens }> {
    const user = await this.get(userId);
    await this.confirmPassword(user, input.current_password, 'current_password', client);
    if (input.new_password === input.current_password) {
      throw ValidationError.forField('new_password', 'must differ from the current password', 'password_unchanged');
    }
    assertPasswordAcceptable(input.new_password, { email: user.email, field: 'new_password' });
    const passwordHash = await this.deps.hasher.hash(input.new_password);
    await this.deps.users.update(user.id, { password_hash: passwordHash });
    await this.deps.sessions.endAll(user.id);
    const updated = await this.get(user.id);
    const session = await this.deps.sessions.start(updated);
    await this.deps.mail.send({ kind: 'password_changed', user_id: updated.id });
    return { user: updated, session };
  }

  /**
   * Deletes the account: every feature's data of the user first (so a failure leaves an account
   * that can try again), then its tokens and sessions, then the user, whose tokens then stop working.
   */
  async deleteAccount(userId: UserId, password: string, client: string): Promise<void> {
    const user = await this.get(userId);
    await this.confirmPassword(user, password, 'password', client);
    for (const owner of [...this.deps.dataOwners, this.deps.platformDataOwner]) {
      await owner.deleteAllForUser(user.id);
      this.deps.logger.debug({ userId: user.id, owner: owner.name }, 'deleted user data');
    }
    await this.deps.linkTokens.deleteAllForUser(user.id);
    await this.deps.sessions.endAll(user.id);
    await this.deps.sessions.deleteAllForUser(user.id);
    await this.deps.users.delete(user.id);
    await this.deps.lockout.clearAccount(user.email);
    this.deps.logger.info({ userId: user.id }, 'account deleted');
  }

  /**
   * Checks the password of a signed-in user before a sensitive change. Wrong guesses count towards
   * the sign-in lock, so a stolen access token cannot be used to try passwords.
   */
  private async confirmPassword(user: User, password: string, field: string, client: string): Promise<void> {
    if (!user.password_hash) {
      throw new ForbiddenError(
        'Your account has no password yet (you signed up with Twitch). Set one with "Forgot password" first.',
        'password_not_set',
      );
    }
    await this.deps.lockout.assertNotLocked(user.email, client);
    if (!(await this.deps.hasher.verify(password, user.password_hash))) {
      await this.deps.lockout.recordFailure(user.email, client);
      throw ValidationError.forField(field, 'is not your current password', 'wrong_password');
    }
  }

  private emailTaken(): ConflictError {
    return new ConflictError('email_taken', 'An account with this e-mail address already exists', {
      field: 'email',
    });
  }
}
