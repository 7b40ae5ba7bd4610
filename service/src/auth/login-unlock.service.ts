import type { Logger } from '../shared/logger';
import type { User, UserRepository } from '../users/user.repository';
import type { EmailLinkTokens } from './email-link-tokens';
import type { AccountEmailJobs } from './jobs/send-account-email.job';
import type { LoginLockout } from './login-lockout';

/**
 * The e-mailed way out of a sign-in lock: when a client gets locked out of an account, its owner
 * is told (at most once per lock period, whatever the number of clients) with a link that lifts
 * every lock of the account. Like a password reset, nothing tells the client whether the account
 * exists: the mail is a job, which looks the account up and writes to an existing one only.
 */
export class LoginUnlockService {
  constructor(
    private readonly deps: {
      users: UserRepository;
      tokens: EmailLinkTokens;
      mail: Pick<AccountEmailJobs, 'send'>;
      lockout: LoginLockout;
      logger: Logger;
    },
  ) {}

  /**
   * A client was just locked out of the account (the e-mail as typed): queue the owner's e-mail.
   * The lock holds whether or not that works, so the client is answered 429 either way.
   */
  async offer(account: string, client: string, now = new Date()): Promise<void> {
    try {
      await this.deps.mail.send({ kind: 'login_locked', email: account, client, locked_at: now.toISOString() });
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not queue the e-mail about a sign-in lock');
    }
  }

  /** Uses the link: every lock of the account is lifted (400 for a used, expired or unknown link). */
  async unlock(token: string): Promise<User | null> {
    const record = await this.deps.tokens.consume('login_unlock', token);
    const user = await this.deps.users.findById(record.user_id);
    if (user) {
      await this.deps.lockout.clearAccount(user.email);
    }
    return user;
  }
}
