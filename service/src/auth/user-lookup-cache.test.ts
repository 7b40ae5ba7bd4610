import { expect } from 'chai';
import type { UserId } from '../users/user.repository';
import { UserLookupCache, type AuthenticatedUser } from './user-lookup-cache';

const alice = 'alice' as UserId;
const bob = 'bob' as UserId;

function account(id: UserId, role: AuthenticatedUser['role'] = 'user'): AuthenticatedUser {
  return { id, email: `${id}@example.test`, role, subscription_tier: 'free', tokens_valid_after: null };
}

/** A database stand-in whose reads finish when the test says so. */
class Accounts {
  readonly rows = new Map<UserId, AuthenticatedUser>([
    [alice, account(alice)],
    [bob, account(bob)],
  ]);
  reads = 0;
  private held: (() => void)[] = [];
  holding = false;

  load = (id: UserId): Promise<AuthenticatedUser | null> => {
    this.reads += 1;
    const answer = this.rows.get(id) ?? null;
    if (!this.holding) {
      return Promise.resolve(answer);
    }
    return new Promise((resolve) => this.held.push(() => resolve(answer)));
  };

  release(): void {
    const held = this.held;
    this.held = [];
    held.forEach((finish) => finish());
  }
}

describe('the authenticator’s account cache', () => {
  let clock = 0;
  const now = () => clock;

  beforeEach(() => {
    clock = 1_000;
  });

  it('reads an account once while its copy is fresh, and again once it expires', async () => {
    const accounts = new Accounts();
    const cache = new UserLookupCache(accounts.load, { ttlMs: 5_000, maxEntries: 10, now });
    await cache.get(alice);
    await cache.get(alice);
    expect(accounts.reads).to.equal(1);
    clock += 5_000;
    await cache.get(alice);
    expect(accounts.reads).to.equal(2);
  });

  it('answers a changed account as it is now once told to forget it', async () => {
    const accounts = new Accounts();
    const cache = new UserLookupCache(accounts.load, { ttlMs: 60_000, maxEntries: 10, now });
    expect((await cache.get(alice))?.role).to.equal('user');
    accounts.rows.set(alice, account(alice, 'admin'));
    cache.forget(alice);
    expect((await cache.get(alice))?.role).to.equal('admin');
  });

  it('remembers that an account does not exist, until told otherwise', async () => {
    const accounts = new Accounts();
    const cache = new UserLookupCache(accounts.load, { ttlMs: 60_000, maxEntries: 10, now });
    const carol = 'carol' as UserId;
    expect(await cache.get(carol)).to.equal(null);
    accounts.rows.set(carol, account(carol));
    expect(await cache.get(carol)).to.equal(null);
    cache.forget(carol);
    expect((await cache.get(carol))?.id).to.equal(carol);
  });

  it('shares one read between concurrent requests for the same account', async () => {
    const accounts = new Accounts();
    accounts.holding = true;
    const cache = new UserLookupCache(accounts.load, { ttlMs: 60_000, maxEntries: 10, now });
    const answers = Promise.all([cache.get(alice), cache.get(alice), cache.get(alice)]);
    accounts.release();
    expect((await answers).map((user) => user?.id)).to.deep.equal([alice, alice, alice]);
    expect(accounts.reads).to.equal(1);
  });

  it('never keeps the answer of a read that began before the account changed', async () => {
    const accounts = new Accounts();
    accounts.holding = true;
    const cache = new UserLookupCache(accounts.load, { ttlMs: 60_000, maxEntries: 10, now });
    const stale = cache.get(alice);
    // the role changes while that read is in flight, and the change is announced
    accounts.rows.set(alice, account(alice, 'admin'));
    cache.forget(alice);
    accounts.release();
    await stale;
    accounts.holding = false;
    expect((await cache.get(alice))?.role).to.equal('admin');
  });

  it('keeps at most maxEntries accounts, dropping the oldest', async () => {
    const accounts = new Accounts();
    const cache = new UserLookupCache(accounts.load, { ttlMs: 60_000, maxEntries: 1, now });
    await cache.get(alice);
    await cache.get(bob);
    await cache.get(bob);
    expect(accounts.reads).to.equal(2);
    await cache.get(alice);
    expect(accounts.reads).to.equal(3);
  });

  it('reads on every request when its lifetime is 0', async () => {
    const accounts = new Accounts();
    const cache = new UserLookupCache(accounts.load, { ttlMs: 0, maxEntries: 10, now });
    await cache.get(alice);
    await cache.get(alice);
    expect(accounts.reads).to.equal(2);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const cache = new UserLookupCache(
      (id) => (fail ? Promise.reject(new Error('database down')) : Promise.resolve(account(id))),
      { ttlMs: 60_000, maxEntries: 10, now },
    );
    let error: unknown = null;
    await cache.get(alice).catch((caught: unknown) => {
      error = caught;
    });
    expect(error).to.be.instanceOf(Error);
    fail = false;
    expect((await cache.get(alice))?.id).to.equal(alice);
  });
});
