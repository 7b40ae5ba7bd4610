import type { User, UserId, UserRepository } from '../users/user.repository';
import { NotFoundError } from '../shared/errors';
import type { AuthRateLimits } from './auth-rate-limits';
import type { ConfiguredAdmins } from './configured-admins';
import type { EmailLinkTokens } from './email-link-tokens';
import type { AccountEmailJobs } from './jobs/send-account-email.job';

export type VerificationRequestOutcome = 'sent' | 'already_verified';

/** E-mail verification: the link sent at sign-up or on request, and its use. */
export class EmailVerificationService {
  constructor(
    private readonly deps: {
      users: UserRepository;
      tokens: EmailLinkTokens;
      rateLimits: AuthRateLimits;
      mail: Pick<AccountEmailJobs, 'send'>;
      admins: ConfiguredAdmins;
    },
  ) {}

  /** Queues the link's e-mail (a job): a slow mail server never slows the answer down. */
  async sendLink(user: Pick<User, 'id'>): Promise<void> {
    await this.deps.mail.send({ kind: 'email_verification', user_id: user.id });
  }

  async request(userId: UserId): Promise<VerificationRequestOutcome> {
    await this.deps.rateLimits.consumeAccount('verification', userId);
    const user = await this.deps.users.findById(userId);
    if (!user) {
      throw new NotFoundError('The account');
    }
    if (user.email_verified) {
      return 'already_verified';
    }
    await this.sendLink(user);
    return 'sent';
  }

  async verify(token: string): Promise<User> {
    const record = await this.deps.tokens.consume('email_verification', token);
    const user = await this.deps.users.update(record.user_id, { email_verified: true });
    if (!user) {
      throw new NotFoundError('The account');
    }
    // a verified address listed in ADMIN_EMAILS makes the account an administrator now
    return this.deps.admins.apply(user);
  }
}
