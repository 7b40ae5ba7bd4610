import { expect } from 'chai';
import type { Config } from '../config';
import { UnauthorizedError } from '../shared/errors';
import type { UserId } from '../users/user.repository';
import { AccessTokenService } from './access-token';

function settings(overrides: Partial<Config['auth']>): Config['auth'] {
  return {
    jwtSecret: 'the-current-signing-secret-of-32-characters-or-more',
    jwtKeyId: 'k2',
    jwtPreviousKeys: [],
    issuer: 'aurastream',
    audience: 'aurastream-api',
    accessTokenTtlSeconds: 900,
    ...overrides,
  } as Config['auth'];
}

async function refusal(promise: Promise<unknown>): Promise<UnauthorizedError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(UnauthorizedError);
    return error as UnauthorizedError;
  }
  throw new Error('the token was accepted');
}

describe('access tokens', () => {
  const streamer = 'user-1' as UserId;
  const previousSecret = 'the-previous-signing-secret-of-32-characters-or-more';

  it('carry the user and the session, and verify with the key that signed them', async () => {
    const tokens = new AccessTokenService(settings({}));
    const issuedAt = new Date();
    const { token, expiresAt } = await tokens.issue(streamer, 'session-1', issuedAt);
    expect(expiresAt.getTime() - Math.floor(issuedAt.getTime() / 1000) * 1000).to.equal(900_000);
    const claims = await tokens.verify(token);
    expect(claims.userId).to.equal(streamer);
    expect(claims.sessionId).to.equal('session-1');
  });

  it('stay valid through a key rotation while the previous key is listed, and not after', async () => {
    const before = new AccessTokenService(settings({ jwtSecret: previousSecret, jwtKeyId: 'k1' }));
    const { token } = await before.issue(streamer, 'session-1');
    const during = new AccessTokenService(settings({ jwtPreviousKeys: [{ kid: 'k1', secret: previousSecret }] }));
    expect((await during.verify(token)).userId).to.equal(streamer);
    const after = new AccessTokenService(settings({}));
    expect((await refusal(after.verify(token))).code).to.equal('invalid_token');
  });

  it('are refused when signed with another secret under a known key id', async () => {
    const forger = new AccessTokenService(settings({ jwtSecret: 'a-forger-guessing-the-secret-of-32-characters' }));
    const { token } = await forger.issue(streamer, 'session-1');
    expect((await refusal(new AccessTokenService(settings({})).verify(token))).code).to.equal('invalid_token');
  });

  it('are refused once expired, saying so', async () => {
    const tokens = new AccessTokenService(settings({}));
    const { token } = await tokens.issue(streamer, 'session-1', new Date(Date.now() - 901_000));
    expect((await refusal(tokens.verify(token))).code).to.equal('token_expired');
  });

  it('are checked once, then expire from memory like the token itself', async () => {
    const tokens = new AccessTokenService(settings({}));
    const { token, expiresAt } = await tokens.issue(streamer, 'session-1');
    const first = await tokens.verify(token);
    expect(await tokens.verify(token)).to.equal(first);
    expect((await refusal(tokens.verify(token, expiresAt.getTime()))).code).to.equal('token_expired');
  });

  it('accept only the exact text of a token checked before', async () => {
    const tokens = new AccessTokenService(settings({}));
    const { token } = await tokens.issue(streamer, 'session-1');
    await tokens.verify(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const tampered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await refusal(tokens.verify(tampered))).code).to.equal('invalid_token');
    const otherUser = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'user-2' }),
    ).toString('base64url');
    expect((await refusal(tokens.verify(`${header}.${otherUser}.${signature}`))).code).to.equal('invalid_token');
  });
});
