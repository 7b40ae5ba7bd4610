import { toEntity } from '../db/model';
import type { ServiceCredentialFields, ServiceCredentialModel } from './service-credential.model';

export interface ServiceCredentialRecord extends ServiceCredentialFields {
  id: string;
}

export type NewServiceCredential = Pick<
  ServiceCredentialFields,
  'name' | 'token_hash' | 'token_hint' | 'scope_kind' | 'twitch_channel_ids' | 'created_by'
>;

function present(document: (ServiceCredentialFields & { _id: string }) | null): ServiceCredentialRecord | null {
  return document ? toEntity(document) : null;
}

/**
 * The `service_credentials` collection. Credentials belong to the deployment, not to a user: the
 * administrators' methods say so in their names, and the lookup by hash serves authentication.
 */
export class ServiceCredentialRepository {
  constructor(private readonly model: ServiceCredentialModel) {}

  async createForAdmin(credential: NewServiceCredential): Promise<ServiceCredentialRecord> {
    const created = await this.model.create(credential);
    return present(created.toObject()) as ServiceCredentialRecord;
  }

  async listForAdmin(): Promise<ServiceCredentialRecord[]> {
    const documents = await this.model.find().sort({ created_at: -1, _id: 1 }).lean();
    return documents.map((document) => toEntity(document));
  }

  /** Revokes it (the first revocation's time is kept); null when there is no such credential. */
  async revokeForAdmin(id: string, now: Date): Promise<ServiceCredentialRecord | null> {
    await this.model.updateOne({ _id: id, revoked_at: null }, { $set: { revoked_at: now } });
    return present(await this.model.findById(id).lean());
  }

  async findByHashForAuthentication(tokenHash: string): Promise<ServiceCredentialRecord | null> {
    return present(await this.model.findOne({ token_hash: tokenHash }).lean());
  }

  /** Records a use, at most once per `resolutionMs` (a write on every request would cost more than the read). */
  async recordUse(id: string, now: Date, resolutionMs: number): Promise<void> {
    await this.model.updateOne(
      {
        _id: id,
        $or: [{ last_used_at: null }, { last_used_at: { $lt: new Date(now.getTime() - resolutionMs) } }],
      },
      { $set: { last_used_at: now } },
    );
  }
}
