import { randomBytes } from 'node:crypto';
import { compare, hash as bcryptHash } from 'bcryptjs';

/** bcrypt over bcryptjs; the cost comes from `BCRYPT_COST`. */
export class PasswordHasher {
  /** Compared against when there is no account or no password, so the answer takes as long. */
  private decoyHash: Promise<string> | null = null;

  constructor(private readonly cost: number) {}

  hash(password: string): Promise<string> {
    return bcryptHash(password, this.cost);
  }

  /** Compares against `hash`, or against a decoy when there is none (the answer is then false). */
  async verify(password: string, hash: string | null): Promise<boolean> {
    this.decoyHash ??= bcryptHash(randomBytes(16).toString('hex'), this.cost);
    const matches = await compare(password, hash ?? (await this.decoyHash));
    return hash !== null && matches;
  }
}
