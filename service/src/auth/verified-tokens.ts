/**
 * Tokens that passed verification lately, by their exact text. A client sends the same token with
 * every request for its whole lifetime, and checking its signature again (an async WebCrypto call,
 * then the claims) is the largest cost of a request that does little else. Only a token verified
 * before hits, each hit checks its expiry, and the oldest entries go first once `maxEntries` is
 * reached.
 */
export class VerifiedTokens<T> {
  private readonly entries = new Map<string, { value: T; expiresAtMs: number }>();

  constructor(private readonly maxEntries: number) {}

  /** What `token` verified to, while it has not expired at `nowMs`. */
  get(token: string, nowMs: number): T | null {
    const entry = this.entries.get(token);
    if (!entry) {
      return null;
    }
    if (nowMs < entry.expiresAtMs) {
      return entry.value;
    }
    this.entries.delete(token);
    return null;
  }

  set(token: string, value: T, expiresAtMs: number): void {
    if (this.entries.size >= this.maxEntries) {
      // the oldest entry: a Map iterates in insertion order
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(token, { value, expiresAtMs });
  }
}
