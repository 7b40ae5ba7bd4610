import type { Connection, Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';
import type { UserRole } from '@aurastream/contract';

export type AuditAction = 'user.role_changed';

/**
 * Who made a change: an administrator (`actor_id` is their user id), `npm run admin` (`actor_id`
 * names the operating-system account that ran it) or the `ADMIN_EMAILS` setting (`actor_id` null).
 */
export type AuditActorType = 'admin' | 'cli' | 'admin_emails';

/**
 * The `audit_log` collection: security-relevant changes, kept after the account they concern is
 * deleted (nothing here is a user's own data), never updated.
 */
export interface AuditRecordFields {
  action: AuditAction;
  actor_type: AuditActorType;
  actor_id: string | null;
  subject_user_id: string;
  /** The account's address at the time, so the record still reads after the account is gone. */
  subject_email: string;
  role_before: UserRole;
  role_after: UserRole;
  /** Why, for changes made by a rule (`verified_listed_address`, `address_not_listed`, …); null for people. */
  reason: string | null;
  created_at: Date;
}

export type AuditRecordDocument = StoredDocument<AuditRecordFields>;

const roles = ['user', 'admin'];

const auditRecordSchema = defineSchema<AuditRecordFields>(
  {
    action: { type: String, required: true, enum: ['user.role_changed'] },
    actor_type: { type: String, required: true, enum: ['admin', 'cli', 'admin_emails'] },
    actor_id: { type: String, default: null },
    subject_user_id: { type: String, required: true },
    subject_email: { type: String, required: true },
    role_before: { type: String, required: true, enum: roles },
    role_after: { type: String, required: true, enum: roles },
    reason: { type: String, default: null },
  },
  { collection: 'audit_log', timestamps: 'created' },
);

// the history of an address (`npm run admin -- audit <email>`), oldest first
auditRecordSchema.index({ subject_email: 1, created_at: 1 });
// the latest changes, across accounts
auditRecordSchema.index({ created_at: -1 });

export type AuditRecordModel = Model<AuditRecordDocument>;

export function registerAuditRecordModel(connection: Connection): AuditRecordModel {
  return connection.model<AuditRecordDocument>('AuditRecord', auditRecordSchema);
}
