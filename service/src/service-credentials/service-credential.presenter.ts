import type { ServiceCredentialResponse } from '@aurastream/contract';
import type { ServiceCredentialRecord } from './service-credential.repository';
import { scopeOf } from './service-credential.service';

/** A credential as administrators see it: never its secret or hash. */
export function presentServiceCredential(record: ServiceCredentialRecord): ServiceCredentialResponse {
  return {
    id: record.id,
    name: record.name,
    scope: scopeOf(record),
    token_hint: record.token_hint,
    created_at: record.created_at.toISOString(),
    last_used_at: record.last_used_at?.toISOString() ?? null,
    revoked_at: record.revoked_at?.toISOString() ?? null,
  };
}
