import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { TokenCipher } from './token-cipher';

describe('the token cipher (AES-256-GCM)', () => {
  const cipher = new TokenCipher(randomBytes(32));
  const context = 'platform_connections:user-1:twitch:access_token';

  it('decrypts what it encrypted, in the same context', () => {
    const encrypted = cipher.encrypt('oauth-token-123', context);
    expect(encrypted).to.match(/^v1\./);
    expect(encrypted).to.not.include('oauth-token-123');
    expect(cipher.decrypt(encrypted, context)).to.equal('oauth-token-123');
  });

  it('uses a fresh IV for every value', () => {
    expect(cipher.encrypt('same', context)).to.not.equal(cipher.encrypt('same', context));
  });

  it('refuses a value moved to another row or field', () => {
    const encrypted = cipher.encrypt('oauth-token-123', context);
    expect(() => cipher.decrypt(encrypted, 'platform_connections:user-2:twitch:access_token')).to.throw();
  });

  it('refuses an altered value and another key', () => {
    const encrypted = cipher.encrypt('oauth-token-123', context);
    const raw = Buffer.from(encrypted.slice(3), 'base64url');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => cipher.decrypt(`v1.${raw.toString('base64url')}`, context)).to.throw();
    expect(() => new TokenCipher(randomBytes(32)).decrypt(encrypted, context)).to.throw();
    expect(() => cipher.decrypt('plain-text', context)).to.throw(/format/);
  });

  it('needs a 32-byte key', () => {
    expect(() => new TokenCipher(randomBytes(16))).to.throw(/32-byte/);
  });
});
