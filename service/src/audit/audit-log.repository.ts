import { toEntity } from '../db/model';
import type { AuditRecordFields, AuditRecordModel } from './audit-record.model';

export interface AuditRecord extends AuditRecordFields {
  id: string;
}

export type NewAuditRecord = Omit<AuditRecordFields, 'created_at'>;

/**
 * The `audit_log` collection: records are only added. Reading them is for administrators (they
 * are about accounts, not owned by them), which the method names say.
 */
export class AuditLogRepository {
  constructor(private readonly model: AuditRecordModel) {}

  async add(record: NewAuditRecord): Promise<AuditRecord> {
    const created = await this.model.create(record);
    return toEntity(created.toObject<AuditRecordFields & { _id: string }>());
  }

  /** The records about the accounts that had this address (also after one was deleted), oldest first. */
  async listForSubjectEmailForAdmin(email: string): Promise<AuditRecord[]> {
    const documents = await this.model
      .find({ subject_email: email.trim().toLowerCase() })
      .sort({ created_at: 1 })
      .lean();
    return documents.map((document) => toEntity(document) as AuditRecord);
  }
}
