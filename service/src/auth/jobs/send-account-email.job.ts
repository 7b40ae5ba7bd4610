import { randomUUID } from 'node:crypto';
import { exponential, type Agenda, type Job, type JobWithId } from 'agenda';
import type { Redis } from 'ioredis';
import { redisKeys } from '../../db/redis-keys';
import type { Logger } from '../../shared/logger';
import type { UserId, UserRepository } from '../../users/user.repository';
import type { AuthEmails } from '../auth-emails';
import type { EmailLinkTokens } from '../email-link-tokens';

export const SEND_ACCOUNT_EMAIL_JOB = 'auth.send-account-email';

/**
 * Ids only: the account is read when the job runs, and a link's token is made then, so no usable
 * token ever rests in the job queue. A password reset and a sign-in lock name the address as typed,
 * which may have no account (the answer to the request never tells); a lock also names the client
 * locked out and when, which the e-mail tells the owner.
 */
export type AccountEmail =
  | { kind: 'email_verification'; user_id: string }
  | { kind: 'password_reset'; email: string }
  | { kind: 'password_changed'; user_id: string }
  | { kind: 'login_locked'; email: string; client: string; locked_at: string };

type AccountEmailPayload = AccountEmail & { dispatch_id: string };

export interface AccountEmailDependencies {
  users: UserRepository;
  tokens: EmailLinkTokens;
  emails: AuthEmails;
  /** Remembers the lock e-mails sent, so an account gets one per lock period. */
  redis: Redis;
  /** LOGIN_LOCKOUT_SECONDS: how long a lock lasts, and so how long one lock e-mail covers. */
  lockSeconds: number;
  logger: Logger;
  retry: { maxRetries: number; retryBaseMs: number };
}

/**
 * The account e-mails (verification, reset and unlock links, password changed) as jobs, like all slow work:
 * the answer never waits on the mail server, and a send that fails is retried with backoff instead
 * of being lost. `drain()` waits for the sends this process queued and runs itself (tests; a process
 * that runs no worker leaves them to the workers).
 */
export class AccountEmailJobs {
  private scheduler: Agenda | null = null;
  private runsJobs = false;
  private readonly inFlight = new Map<string, { done: Promise<void>; finish: () => void }>();

  constructor(private readonly deps: AccountEmailDependencies) {}

  register(scheduler: Agenda): void {
    this.scheduler = scheduler;
    scheduler.define<AccountEmailPayload>(
      SEND_ACCOUNT_EMAIL_JOB,
      async (job: Job<AccountEmailPayload>) => this.perform(job.attrs.data),
      {
        backoff: exponential({ delay: this.deps.retry.retryBaseMs, factor: 2, maxRetries: this.deps.retry.maxRetries }),
        removeOnComplete: true,
      },
    );
    scheduler.on(`complete:${SEND_ACCOUNT_EMAIL_JOB}`, (job: JobWithId, remote?: false) => {
      if (!remote) {
        this.inFlight.get((job.attrs.data as AccountEmailPayload).dispatch_id)?.finish();
      }
    });
  }

  /** Whether this process runs the jobs it queues (known once the scheduler started). */
  startedWorker(runsJobs: boolean): void {
    this.runsJobs = runsJobs;
  }

  async send(email: AccountEmail): Promise<void> {
    if (!this.scheduler) {
      throw new Error('account e-mail jobs are not registered with a scheduler');
    }
    const dispatchId = randomUUID();
    if (this.runsJobs) {
      let finish: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (finish = resolve));
      this.inFlight.set(dispatchId, { done, finish });
      void done.then(() => this.inFlight.delete(dispatchId));
    }
    try {
      await this.scheduler.now(SEND_ACCOUNT_EMAIL_JOB, { ...email, dispatch_id: dispatchId });
    } catch (error) {
      this.inFlight.get(dispatchId)?.finish();
      throw error;
    }
  }

  /** Waits until every send this process queued and runs has had its attempt. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.all([...this.inFlight.values()].map((entry) => entry.done));
    }
  }

  private async perform(email: AccountEmailPayload): Promise<void> {
    const { users, tokens, emails } = this.deps;
    switch (email.kind) {
      case 'email_verification': {
        const user = await users.findById(email.user_id as UserId);
        // verified (or deleted) since: nothing to send
        if (user && !user.email_verified) {
          await emails.sendVerification(user, await tokens.create(user.id, 'email_verification'));
        }
        return;
      }
      case 'password_reset': {
        const user = await users.findByEmailForAuthentication(email.email);
        if (user) {
          await emails.sendPasswordReset(user, await tokens.create(user.id, 'password_reset'));
        }
        return;
      }
      case 'password_changed': {
        const user = await users.findById(email.user_id as UserId);
        if (user) {
          await emails.sendPasswordChanged(user);
        }
        return;
      }
      case 'login_locked': {
        const user = await users.findByEmailForAuthentication(email.email);
        // an account without a password (Twitch sign-in only) has no password sign-in to lock
        if (user?.password_hash && (await this.firstLockEmail(user.email, email.dispatch_id))) {
          await emails.sendLoginLocked(user, await tokens.create(user.id, 'login_unlock'), {
            client: email.client,
            lockSeconds: this.deps.lockSeconds,
            at: new Date(email.locked_at),
          });
        }
        return;
      }
    }
  }

  /**
   * Whether this send is the account's one lock e-mail of the lock period: the first to claim it,
   * or a retry of the send that did (which must not lose its claim to a failed attempt).
   */
  private async firstLockEmail(email: string, dispatchId: string): Promise<boolean> {
    const key = redisKeys.loginUnlockMail(email);
    const claimed = await this.deps.redis.set(key, dispatchId, 'EX', this.deps.lockSeconds, 'NX');
    return claimed === 'OK' || (await this.deps.redis.get(key)) === dispatchId;
  }
}
