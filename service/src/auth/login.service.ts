import type { User, UserRepository } from '../users/user.repository';
import { UnauthorizedError } from '../shared/errors';
import type { ConfiguredAdmins } from './configured-admins';
import type { AuthRateLimits } from './auth-rate-limits';
import type { LoginLockout } from './login-lockout';
import type { PasswordHasher } from './password-hasher';
import type { SessionService, SessionTokens } from './session.service';

/**
 * Password sign-in. Unknown addresses, accounts without a password and wrong passwords all get the
 * same answer after the same bcrypt work, so the answer tells nothing about which accounts exist.
 */
export class LoginService {
  constructor(
    private readonly deps: {
      users: UserRepository;
      hasher: PasswordHasher;
      sessions: SessionService;
      lockout: LoginLockout;
      rateLimits: AuthRateLimits;
      admins: ConfiguredAdmins;
    },
  ) {}

  /** `client`: where the attempt came from (`clientOf`); limits and locks count per account and client. */
  async login(email: string, password: string, client: string): Promise<{ user: User; session: SessionTokens }> {
    const account = email.trim().toLowerCase();
    await this.deps.rateLimits.consumeAccount('login', account, client);
    await this.deps.lockout.assertNotLocked(account, client);
    const found = await this.deps.users.findByEmailForAuthentication(account);
    const matches = await this.deps.hasher.verify(password, found?.password_hash ?? null);
    if (!found || !matches) {
      await this.deps.lockout.recordFailure(account, client);
      throw new UnauthorizedError('The e-mail address or password is wrong', 'invalid_credentials');
    }
    await this.deps.lockout.recordSuccess(account, client);
    const user = await this.deps.admins.apply(found);
    return { user, session: await this.deps.sessions.start(user) };
  }
}
