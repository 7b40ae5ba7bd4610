import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import { UnauthorizedError } from '../shared/errors';
import { ExtensionNotConfiguredError } from './caller-errors';
import { ExtensionJwt } from './extension-jwt';

const secret = randomBytes(32).toString('base64');
const key = new Uint8Array(Buffer.from(secret, 'base64'));

function twitchToken(claims: Record<string, unknown>, options: { signWith?: Uint8Array; alg?: string } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256' }).sign(options.signWith ?? key);
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const viewerClaims = () => ({
  exp: inAnHour(),
  opaque_user_id: 'UabcDEF123',
  user_id: '555',
  channel_id: '12345678',
  role: 'viewer',
  is_unlinked: false,
  pubsub_perms: { listen: ['broadcast'], send: [] },
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('Twitch extension JWTs', () => {
  const jwt = new ExtensionJwt(secret);

  it('reads the viewer from a token Twitch signed with the base64-decoded secret', async () => {
    const viewer = await jwt.verify(await twitchToken(viewerClaims()));
    expect(viewer).to.deep.include({ channelId: '12345678', opaqueUserId: 'UabcDEF123', role: 'viewer' });
  });

  it('accepts every role Twitch issues', async () => {
    for (const role of ['viewer', 'broadcaster', 'moderator', 'external'] as const) {
      expect((await jwt.verify(await twitchToken({ ...viewerClaims(), role }))).role).to.equal(role);
    }
  });

  it('refuses a token signed with another secret, or with the secret as text rather than decoded', async () => {
    for (const signWith of [randomBytes(32), new TextEncoder().encode(secret)]) {
      const error = await rejection(jwt.verify(await twitchToken(viewerClaims(), { signWith })));
      expect(error).to.be.instanceOf(UnauthorizedError).and.to.have.property('code', 'extension_token_invalid');
    }
  });

  it('says when a token has expired', async () => {
    const error = await rejection(
      jwt.verify(await twitchToken({ ...viewerClaims(), exp: Math.floor(Date.now() / 1000) - 120 })),
    );
    expect(error).to.be.instanceOf(UnauthorizedError).and.to.have.property('code', 'extension_token_expired');
  });

  it('checks a token once, then refuses it once expired like jose would (30 s tolerance)', async () => {
    // expiring within the five minutes a check is remembered
    const claims = { ...viewerClaims(), exp: Math.floor(Date.now() / 1000) + 120 };
    const token = await twitchToken(claims);
    const first = await jwt.verify(token);
    expect(await jwt.verify(token)).to.equal(first);
    expect(await jwt.verify(token, new Date((claims.exp + 29) * 1000))).to.equal(first);
    const error = await rejection(jwt.verify(token, new Date((claims.exp + 31) * 1000)));
    expect(error).to.be.instanceOf(UnauthorizedError).and.to.have.property('code', 'extension_token_expired');
  });

  it('checks a long-lived token again after five minutes', async () => {
    const token = await twitchToken(viewerClaims());
    const now = Date.now();
    const first = await jwt.verify(token, new Date(now));
    expect(await jwt.verify(token, new Date(now + 4 * 60_000))).to.equal(first);
    const checkedAgain = await jwt.verify(token, new Date(now + 5 * 60_000 + 1000));
    expect(checkedAgain).not.to.equal(first);
    expect(checkedAgain).to.deep.equal(first);
  });

  it('accepts only the exact text of a token checked before', async () => {
    const token = await twitchToken(viewerClaims());
    await jwt.verify(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const otherChannel = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), channel_id: '999' }),
    ).toString('base64url');
    const error = await rejection(jwt.verify(`${header}.${otherChannel}.${signature}`));
    expect(error).to.be.instanceOf(UnauthorizedError).and.to.have.property('code', 'extension_token_invalid');
  });

  it('refuses tokens without an expiry, a channel, a known role or an opaque user id', async () => {
    const { exp: _exp, ...withoutExpiry } = viewerClaims();
    const { channel_id: _channel, ...withoutChannel } = viewerClaims();
    const { opaque_user_id: _opaque, ...withoutOpaqueId } = viewerClaims();
    for (const claims of [withoutExpiry, withoutChannel, withoutOpaqueId, { ...viewerClaims(), role: 'admin' }]) {
      const error = await rejection(jwt.verify(await twitchToken(claims)));
      expect(error, JSON.stringify(claims)).to.have.property('code', 'extension_token_invalid');
    }
  });

  it('refuses other algorithms and garbage', async () => {
    const hs512 = await twitchToken(viewerClaims(), { alg: 'HS512' });
    for (const token of [hs512, 'not-a-jwt', '']) {
      expect(await rejection(jwt.verify(token))).to.have.property('code', 'extension_token_invalid');
    }
  });

  it('checks the signature before the expiry, and refuses what jose refuses: crit headers, a future nbf, non-numeric times', async () => {
    const forgedAndExpired = await twitchToken(
      { ...viewerClaims(), exp: Math.floor(Date.now() / 1000) - 120 },
      { signWith: randomBytes(32) },
    );
    expect(await rejection(jwt.verify(forgedAndExpired))).to.have.property('code', 'extension_token_invalid');
    const withCrit = await new SignJWT(viewerClaims())
      .setProtectedHeader({ alg: 'HS256', crit: ['b64'], b64: true })
      .sign(key);
    const inTenMinutes = Math.floor(Date.now() / 1000) + 600;
    for (const token of [
      withCrit,
      await twitchToken({ ...viewerClaims(), nbf: inTenMinutes }),
      await twitchToken({ ...viewerClaims(), exp: String(inAnHour()) }),
      await twitchToken({ ...viewerClaims(), iat: 'yesterday' }),
      `${await twitchToken(viewerClaims())}.extra`,
    ]) {
      expect(await rejection(jwt.verify(token)), token).to.have.property('code', 'extension_token_invalid');
    }
    // within the clock tolerance both ways
    const nearlyValid = await twitchToken({ ...viewerClaims(), nbf: Math.floor(Date.now() / 1000) + 20 });
    expect((await jwt.verify(nearlyValid)).channelId).to.equal('12345678');
    const justExpired = await twitchToken({ ...viewerClaims(), exp: Math.floor(Date.now() / 1000) - 20 });
    expect((await jwt.verify(justExpired)).channelId).to.equal('12345678');
  });

  it('signs development tokens that it verifies like Twitch’s', async () => {
    const { token, viewer } = await jwt.sign('987654', 'broadcaster', 60);
    const verified = await jwt.verify(token);
    expect(verified).to.deep.equal(viewer);
    expect(verified.opaqueUserId).to.match(/^A[0-9a-f]{24}$/);
  });

  it('remembers a verified token only until it expires, and never a forged one', async () => {
    const remembering = new ExtensionJwt(secret);
    const exp = Math.floor(Date.now() / 1000) + 120;
    const token = await twitchToken({ ...viewerClaims(), exp });
    expect((await remembering.verify(token)).opaqueUserId).to.equal('UabcDEF123');
    expect((await remembering.verify(token)).opaqueUserId).to.equal('UabcDEF123');
    const afterExpiry = new Date((exp + 60) * 1000);
    expect(await rejection(remembering.verify(token, afterExpiry))).to.be.instanceOf(UnauthorizedError);
    const forged = await twitchToken(viewerClaims(), { signWith: randomBytes(32) });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(await rejection(remembering.verify(forged))).to.be.instanceOf(UnauthorizedError);
    }
  });

  it('cannot verify anything without a secret', async () => {
    expect(await rejection(new ExtensionJwt('').verify(await twitchToken(viewerClaims())))).to.be.instanceOf(
      ExtensionNotConfiguredError,
    );
  });
});
