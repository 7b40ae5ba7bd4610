import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for secrets kept in the database (platform access and refresh tokens). Each value
 * gets a fresh IV; `context` (e.g. the owner and the field) is authenticated as associated data,
 * so a ciphertext copied onto another row or field does not decrypt.
 * Format: `v1.<base64url(iv | tag | ciphertext)>`.
 */
export class TokenCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) {
      throw new Error('TokenCipher needs a 32-byte key (ENCRYPTION_KEY)');
    }
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
  }

  /** Throws when the value was altered, encrypted for another context or with another key. */
  decrypt(encrypted: string, context: string): string {
    const [version, payload] = encrypted.split('.');
    if (version !== VERSION || !payload) {
      throw new Error('Unknown encrypted value format');
    }
    const raw = Buffer.from(payload, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) {
      throw new Error('Encrypted value is truncated');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
