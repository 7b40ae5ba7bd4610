import { randomUUID } from 'node:crypto';
import type { UserId } from '../users/user.repository';
import type { LogoFormat, LogoType } from '@aurastream/contract';

const extensions: Record<LogoFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp' };

/** Every brand kit file of a user lives under this prefix (removed when the account is deleted). */
export function userBrandKitsPrefix(userId: UserId): string {
  return `users/${userId}/brand-kits/`;
}

/** Every file of one kit (removed with the kit). */
export function brandKitPrefix(userId: UserId, kitId: string): string {
  return `${userBrandKitsPrefix(userId)}${kitId}/`;
}

/** A new key per upload: a replaced logo gets a new URL, so no cache ever serves the old bytes. */
export function newLogoKey(userId: UserId, kitId: string, type: LogoType, format: LogoFormat): string {
  return `${brandKitPrefix(userId, kitId)}logos/${type}-${randomUUID()}.${extensions[format]}`;
}
