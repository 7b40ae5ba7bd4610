import type { Logger } from '../shared/logger';
import type { AuditLogRepository, AuditRecord, NewAuditRecord } from './audit-log.repository';

/**
 * Security-relevant changes, each kept twice: a record in `audit_log` (what an investigation reads
 * back) and a structured `info` line with an `audit` field (what log monitoring sees at once). The
 * line leaves the e-mail address out; the record has it.
 */
export class AuditLog {
  constructor(
    private readonly repository: AuditLogRepository,
    private readonly logger: Logger,
  ) {}

  async record(entry: NewAuditRecord): Promise<AuditRecord> {
    const stored = await this.repository.add(entry);
    const { subject_email: _email, ...line } = entry;
    this.logger.info({ audit: { id: stored.id, ...line } }, `audit: ${entry.action}`);
    return stored;
  }
}
