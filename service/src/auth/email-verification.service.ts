import type { User, UserId, UserRepository } from '../users/user.repository';
import { NotFoundError } from '../shared/errors';
import type { AuthEmails } from './auth-emails';
import type { AuthRateLimits } from './auth-rate-limits';
import type { ConfiguredAdmins } from './configured-admins';
import type { BackgroundTasks } from './background-tasks';
import type { EmailLinkTokens } from './email-link-tokens';

export type VerificationRequestOutcome = 'sent' | 'already_verified';

/** E-mail verification: the link sent at sign-up or on request, and its use. */
export class EmailVerificationService {
  constructor(
    private readonly deps: {
      users: UserRepository;
      tokens: EmailLinkTokens;
      emails: AuthEmails;
      rateLimits: AuthRateLimits;
      background: BackgroundTasks;
      admins: ConfiguredAdmins;
    },
  ) {}

  /** Sends a link in the background: a slow mail server never slows the answer down. */
  sendLink(user: Pick<User, 'id' | 'email' | 'display_name'>): void {
    this.deps.background.run('send-verification-email', async () => {
      const token = await this.deps.tokens.create(user.id, 'email_verification');
      await this.deps.emails.sendVerification(user, token);
    });
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
    this.sendLink(user);
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
