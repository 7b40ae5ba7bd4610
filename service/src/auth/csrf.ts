import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * CSRF tokens for requests authenticated by the refresh cookie. The token is an HMAC of the session
 * (refresh-token family) id, so it is bound to that session: another site can neither read it nor
 * mint one, and a token of one session does not work for another.
 */
export class CsrfTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    // a key of its own, derived from the signing secret, so the two uses never share a MAC key
    this.key = createHmac('sha256', secret).update('aurastream/csrf/v1').digest();
  }

  issue(sessionId: string): string {
    return createHmac('sha256', this.key).update(sessionId).digest('base64url');
  }

  verify(sessionId: string, presented: string | undefined): boolean {
    if (!presented) {
      return false;
    }
    const expected = Buffer.from(this.issue(sessionId));
    const actual = Buffer.from(presented);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
