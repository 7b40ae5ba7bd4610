import type { User, UserId } from '../users/user.repository';

/** What the authenticator needs of an account. */
export type AuthenticatedUser = Pick<User, 'id' | 'email' | 'role' | 'subscription_tier' | 'tokens_valid_after'>;

interface Entry {
  user: AuthenticatedUser | null;
  expiresAt: number;
}

/**
 * Accounts recently read to check a token, so a client sending many requests (the analytics
 * tracker, a library page loading thumbnails) costs one database read, not one per request.
 * `forget` (wired to the user change feed) drops an account the moment it changes on any instance;
 * `ttlMs` bounds how long a change made beside the service can go unnoticed. Concurrent misses
 * for one account share a single read, and a read that began before a change never stores its
 * now-stale answer.
 */
export class UserLookupCache {
  private readonly entries = new Map<UserId, Entry>();
  private readonly reads = new Map<UserId, Promise<AuthenticatedUser | null>>();

  constructor(
    private readonly load: (id: UserId) => Promise<AuthenticatedUser | null>,
    private readonly options: { ttlMs: number; maxEntries: number; now?: () => number },
  ) {}

  get(id: UserId): Promise<AuthenticatedUser | null> {
    if (this.options.ttlMs === 0) {
      return this.load(id);
    }
    const now = this.now();
    const entry = this.entries.get(id);
    if (entry && entry.expiresAt > now) {
      return Promise.resolve(entry.user);
    }
    const pending = this.reads.get(id);
    if (pending) {
      return pending;
    }
    const read: Promise<AuthenticatedUser | null> = this.load(id).then(
      (user) => {
        // forgotten meanwhile (or superseded): the answer may predate the change, so don't keep it
        if (this.reads.get(id) === read) {
          this.reads.delete(id);
          this.store(id, user);
        }
        return user;
      },
      (error: unknown) => {
        if (this.reads.get(id) === read) {
          this.reads.delete(id);
        }
        throw error;
      },
    );
    this.reads.set(id, read);
    return read;
  }

  forget(id: UserId): void {
    this.entries.delete(id);
    this.reads.delete(id);
  }

  private store(id: UserId, user: AuthenticatedUser | null): void {
    if (this.entries.size >= this.options.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry
      const oldest = this.entries.keys().next();
      if (!oldest.done) {
        this.entries.delete(oldest.value);
      }
    }
    this.entries.delete(id);
    this.entries.set(id, { user, expiresAt: this.now() + this.options.ttlMs });
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }
}
