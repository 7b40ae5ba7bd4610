import type { UserRepository } from '../users/user.repository';
import { NotFoundError } from '../shared/errors';
import type { AuthRateLimits } from './auth-rate-limits';
import type { ConfiguredAdmins } from './configured-admins';
import type { EmailLinkTokens } from './email-link-tokens';
import type { AccountEmailJobs } from './jobs/send-account-email.job';
import type { LoginLockout } from './login-lockout';
import type { PasswordHasher } from './password-hasher';
import { assertPasswordAcceptable } from './password-policy';
import type { SessionService } from './session.service';

/**
 * Password reset by e-mail. A request never reveals whether the address has an account: the answer
 * is the same and everything that differs (lookup, token, mail) happens after it, in a job.
 */
export class PasswordResetService {
  constructor(
    private readonly deps: {
      users: UserRepository;
      tokens: EmailLinkTokens;
      hasher: PasswordHasher;
      sessions: SessionService;
      lockout: LoginLockout;
      rateLimits: AuthRateLimits;
      mail: Pick<AccountEmailJobs, 'send'>;
      admins: ConfiguredAdmins;
    },
  ) {}

  async request(email: string): Promise<void> {
    const account = email.trim().toLowerCase();
    await this.deps.rateLimits.consumeAccount('password_reset', account);
    // the job looks the address up: the answer is the same whether it has an account or not
    await this.deps.mail.send({ kind: 'password_reset', email: account });
  }

  /** Sets the new password and ends every session; the link then no longer works. */
  async confirm(token: string, newPassword: string): Promise<void> {
    const record = await this.deps.tokens.peek('password_reset', token);
    const user = await this.deps.users.findById(record.user_id);
    if (!user) {
      throw new NotFoundError('The account');
    }
    // checked before the token is used up, so a rejected password leaves the link working
    assertPasswordAcceptable(newPassword, { email: user.email, field: 'new_password' });
    await this.deps.tokens.consume('password_reset', token);
    const passwordHash = await this.deps.hasher.hash(newPassword);
    // following the link proved the address is theirs (which ADMIN_EMAILS may now honour)
    const updated = await this.deps.users.update(user.id, { password_hash: passwordHash, email_verified: true });
    if (updated) {
      await this.deps.admins.apply(updated);
    }
    await this.deps.sessions.endAll(user.id);
    await this.deps.lockout.clearAccount(user.email);
  }
}
