import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import type { User, UserRepository } from '../users/user.repository';
import type { AuthEmails } from './auth-emails';
import type { BackgroundTasks } from './background-tasks';
import type { EmailLinkTokens } from './email-link-tokens';
import type { LoginLockout } from './login-lockout';

/**
 * The e-mailed way out of a sign-in lock: when a client gets locked out of an account, its owner
 * is told (at most once per lock period, whatever the number of clients) with a link that lifts
 * every lock of the account. Like a password reset, nothing tells the client whether the account
 * exists: the mail goes in the background, to an existing account only.
 */
export class LoginUnlockService {
  constructor(
    private readonly deps: {
      redis: Redis;
      users: UserRepository;
      tokens: EmailLinkTokens;
      emails: AuthEmails;
      background: BackgroundTasks;
      lockout: LoginLockout;
      lockSeconds: number;
    },
  ) {}

  /** A client was just locked out of the account (the e-mail as typed): tell the owner. */
  offer(account: string, client: string, now = new Date()): void {
    this.deps.background.run('send-login-locked-email', async () => {
      const user = await this.deps.users.findByEmailForAuthentication(account);
      if (!user?.password_hash) {
        return;
      }
      const first = await this.deps.redis.set(
        redisKeys.loginUnlockMail(user.email),
        '1',
        'EX',
        this.deps.lockSeconds,
        'NX',
      );
      if (first !== 'OK') {
        return;
      }
      const token = await this.deps.tokens.create(user.id, 'login_unlock', now);
      await this.deps.emails.sendLoginLocked(user, token, { client, lockSeconds: this.deps.lockSeconds, at: now });
    });
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
