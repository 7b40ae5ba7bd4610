import { randomBytes } from 'node:crypto';
import { SERVICE_CREDENTIAL_PREFIX, type CreateServiceCredentialRequest } from '@aurastream/contract';
import { serviceCredentialErrors } from '../auth/caller-errors';
import type { ServiceCaller } from '../auth/principal';
import { hashSecureToken } from '../auth/secure-token';
import { NotFoundError } from '../shared/errors';
import type { UserId } from '../users/user.repository';
import { scopeAllows, type BotChannelSettings, type StreamerChannels } from './channel-access';
import type { ServiceCredentialRecord, ServiceCredentialRepository } from './service-credential.repository';
import type { VerifiedCredentials } from './verified-credentials';

/** `aura_svc_` and 32 random bytes in base64url. */
const credentialPattern = new RegExp(`^${SERVICE_CREDENTIAL_PREFIX}[A-Za-z0-9_-]{43}$`);
/** `last_used_at` is kept to the minute: a write on every request would cost more than the read. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ServiceCredentialServiceDependencies {
  repository: ServiceCredentialRepository;
  streamers: StreamerChannels;
  botChannels: BotChannelSettings;
  /** Credentials verified lately, kept in memory while no revocation retired them. */
  verified: VerifiedCredentials;
  now?: () => Date;
}

/**
 * Service credentials: created by an administrator for a service (the chat bot), shown once, kept
 * only as a SHA-256 hash (the credential carries 256 random bits, so a fast hash suffices), scoped to
 * the channels they act for, and revocable. A credential read from the database is kept in each
 * process's memory by its hash (`VerifiedCredentials`), which a revocation retires in every process
 * before it is confirmed, so it applies to the next request on every instance.
 */
export class ServiceCredentialService {
  /** When each credential's use was last written, so a cached credential writes it once a minute too. */
  private readonly useRecordedAt = new Map<string, number>();

  constructor(private readonly deps: ServiceCredentialServiceDependencies) {}

  async create(
    input: CreateServiceCredentialRequest,
    createdBy: UserId | null,
  ): Promise<{ record: ServiceCredentialRecord; secret: string }> {
    const secret = `${SERVICE_CREDENTIAL_PREFIX}${randomBytes(32).toString('base64url')}`;
    const record = await this.deps.repository.createForAdmin({
      name: input.name,
      token_hash: hashSecureToken(secret),
      token_hint: `${secret.slice(0, SERVICE_CREDENTIAL_PREFIX.length + 4)}…`,
      scope_kind: input.scope.kind,
      twitch_channel_ids: input.scope.kind === 'channels' ? [...new Set(input.scope.twitch_channel_ids)] : [],
      created_by: createdBy,
    });
    return { record, secret };
  }

  list(): Promise<ServiceCredentialRecord[]> {
    return this.deps.repository.listForAdmin();
  }

  /** Revokes it, then retires it in every process's memory before answering (again on a repeat). */
  async revoke(id: string): Promise<ServiceCredentialRecord> {
    const record = await this.deps.repository.revokeForAdmin(id, this.now());
    if (!record) {
      throw new NotFoundError('The service credential');
    }
    await this.deps.verified.retire(record.token_hash);
    return record;
  }

  /** The service presenting `credential`; 401 when it is malformed, unknown or revoked. */
  async authenticate(credential: string): Promise<ServiceCaller> {
    if (!credentialPattern.test(credential)) {
      throw serviceCredentialErrors.invalid();
    }
    const tokenHash = hashSecureToken(credential);
    const verified = await this.deps.verified.get(tokenHash, async () => {
      const record = await this.deps.repository.findByHashForAuthentication(tokenHash);
      // an unknown credential is not kept: guessing fills no memory
      if (!record) {
        throw serviceCredentialErrors.invalid();
      }
      return { record, caller: this.callerOf(record) };
    });
    if (verified.record.revoked_at) {
      throw serviceCredentialErrors.revoked();
    }
    await this.recordUse(verified.record);
    return verified.caller;
  }

  private async recordUse(record: ServiceCredentialRecord): Promise<void> {
    const now = this.now();
    const last = this.useRecordedAt.get(record.id) ?? record.last_used_at?.getTime() ?? 0;
    if (now.getTime() - last < LAST_USED_RESOLUTION_MS) {
      return;
    }
    this.useRecordedAt.set(record.id, now.getTime());
    await this.deps.repository.recordUse(record.id, now, LAST_USED_RESOLUTION_MS);
  }

  private callerOf(record: ServiceCredentialRecord): ServiceCaller {
    const scope = scopeOf(record);
    const directory = { streamers: this.deps.streamers, botChannels: this.deps.botChannels };
    return {
      kind: 'service',
      credentialId: record.id,
      name: record.name,
      scope,
      canActFor: (channel) => scopeAllows(scope, channel, directory),
    };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

export function scopeOf(
  record: Pick<ServiceCredentialRecord, 'scope_kind' | 'twitch_channel_ids'>,
): ServiceCaller['scope'] {
  return record.scope_kind === 'channels'
    ? { kind: 'channels', twitch_channel_ids: [...record.twitch_channel_ids] }
    : { kind: 'bot_channels' };
}
