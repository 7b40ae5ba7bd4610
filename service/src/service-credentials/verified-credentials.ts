import type { Redis } from 'ioredis';
import type { ServiceCaller } from '../auth/principal';
import { cacheScopes, ReadCacheInvalidator } from '../db/read-cache';
import { ScopedMemoryCache } from '../db/scoped-memory-cache';
import type { ServiceCredentialRecord } from './service-credential.repository';

/** A credential read from the database, and the caller it makes. */
export interface VerifiedCredential {
  record: ServiceCredentialRecord;
  caller: ServiceCaller;
}

/**
 * Service credentials verified lately, by the SHA-256 of their text. A service sends its
 * credential with every request, so reading it from the database each time cost more than most of
 * the requests it guards.
 */
export interface VerifiedCredentials {
  /** The credential with this hash: kept, or `load`ed (and kept unless `load` throws). */
  get(tokenHash: string, load: () => Promise<VerifiedCredential>): Promise<VerifiedCredential>;
  /** The credential changed (revoked): no process serves its kept copy after this resolves. */
  retire(tokenHash: string): Promise<void>;
}

/**
 * Bounds what a change made beside the service (the database edited by hand) leaves behind; a
 * revocation through the API or `npm run admin` applies at once.
 */
const KEPT_MAX_AGE_MS = 60_000;
const KEPT_MAX_ENTRIES = 1000;

/**
 * Kept in this process's memory under a version in Redis that every process reads (one `MGET`
 * per request, in place of a MongoDB read) and a revocation bumps before it is confirmed, so the
 * next request on any instance reads the credential again. The version is read before the
 * database, so a copy read while it was being revoked is stored under the old version and never
 * served. While Redis cannot answer, every request reads the database.
 */
export function verifiedCredentialsInRedis(redis: Redis): VerifiedCredentials {
  const kept = new ScopedMemoryCache<VerifiedCredential>(redis, {
    maxAgeMs: KEPT_MAX_AGE_MS,
    maxEntries: KEPT_MAX_ENTRIES,
  });
  const invalidator = new ReadCacheInvalidator(redis);
  return {
    get: (tokenHash, load) => kept.get(tokenHash, [cacheScopes.serviceCredential(tokenHash)], load),
    async retire(tokenHash) {
      kept.forget(tokenHash);
      await invalidator.invalidate(cacheScopes.serviceCredential(tokenHash));
    },
  };
}

/**
 * For a process that never authenticates a service (the admin CLI): nothing is kept, and a
 * revocation is passed on to the running service instances by `retire`.
 */
export function credentialsNotKept(retire: (tokenHash: string) => Promise<void>): VerifiedCredentials {
  return { get: (_tokenHash, load) => load(), retire };
}
