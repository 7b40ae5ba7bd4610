import type { TestService } from '@aurastream/service/testing';

/** An `audit_log` record as stored. */
export interface StoredAuditRecord {
  _id: string;
  action: string;
  actor_type: string;
  actor_id: string | null;
  subject_user_id: string;
  subject_email: string;
  role_before: string;
  role_after: string;
  reason: string | null;
  created_at: Date;
}

/** The audit records about a user, oldest first, read straight from the database. */
export async function auditRecordsOf(app: TestService, userId: string): Promise<StoredAuditRecord[]> {
  const db = app.service.infra.mongo.connection.db;
  if (!db) {
    throw new Error('the service has no database connection');
  }
  return db
    .collection<StoredAuditRecord>('audit_log')
    .find({ subject_user_id: userId })
    .sort({ created_at: 1, _id: 1 })
    .toArray();
}

/** The audit lines a service started with `captureLogs` wrote about a user. */
export function auditLogLinesOf(
  app: TestService,
  userId: string,
): Array<Record<string, unknown> & { audit: Record<string, unknown> }> {
  if (!app.logs) {
    throw new Error('start the service with { captureLogs: true }');
  }
  return app.logs
    .records()
    .filter(
      (record): record is Record<string, unknown> & { audit: Record<string, unknown> } =>
        typeof record.audit === 'object' &&
        record.audit !== null &&
        (record.audit as Record<string, unknown>).subject_user_id === userId,
    );
}
