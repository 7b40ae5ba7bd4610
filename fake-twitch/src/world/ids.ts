import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Lower-case letters and digits, as Twitch's client ids, access tokens and authorization codes. */
export function twitchStyleToken(length: number): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Twitch user ids are decimal strings. */
export function numericId(taken: (id: string) => boolean): string {
  let id: string;
  do {
    id = String(randomInt(10_000_000, 999_999_999));
  } while (taken(id));
  return id;
}

/** Rewards, redemptions, EventSub subscriptions and messages are identified by UUIDs at Twitch. */
export function uuid(): string {
  return randomUUID();
}

/** Twitch's RFC 3339 timestamps carry nanoseconds: `2024-05-01T10:11:12.634234626Z`. */
export function rfc3339(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.(\d{3})Z$/, (_, millis: string) => `.${millis}${randomInt(0, 1_000_000).toString().padStart(6, '0')}Z`);
}
