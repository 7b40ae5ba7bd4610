import type { Connection, Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';

/** `service_credentials`: credentials of services such as the chat bot, stored only as hashes. */
export interface ServiceCredentialFields {
  name: string;
  /** SHA-256 (hex) of the whole credential; the credential itself is shown once and never stored. */
  token_hash: string;
  /** The credential's first characters, so an administrator can tell credentials apart. */
  token_hint: string;
  scope_kind: 'bot_channels' | 'channels';
  /** With `scope_kind: channels`: the Twitch channels it acts for. */
  twitch_channel_ids: string[];
  /** The administrator who created it; null when created with `npm run admin`. */
  created_by: string | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

export type ServiceCredentialDocument = StoredDocument<ServiceCredentialFields>;

const serviceCredentialSchema = defineSchema<ServiceCredentialFields>(
  {
    name: { type: String, required: true },
    token_hash: { type: String, required: true },
    token_hint: { type: String, required: true },
    scope_kind: { type: String, required: true, enum: ['bot_channels', 'channels'] },
    twitch_channel_ids: { type: [String], default: [] },
    created_by: { type: String, default: null },
    last_used_at: { type: Date, default: null },
    revoked_at: { type: Date, default: null },
  },
  { collection: 'service_credentials', timestamps: 'created' },
);

// every request of a service looks its credential up by hash
serviceCredentialSchema.index({ token_hash: 1 }, { unique: true });
// the administrators' list, newest first
serviceCredentialSchema.index({ created_at: -1 });

export type ServiceCredentialModel = Model<ServiceCredentialDocument>;

export function registerServiceCredentialModel(connection: Connection): ServiceCredentialModel {
  return connection.model<ServiceCredentialDocument>('ServiceCredential', serviceCredentialSchema);
}
