import type {
  CreateServiceCredentialRequest,
  CreatedServiceCredentialResponse,
  ServiceCredentialListResponse,
  ServiceCredentialResponse,
  ServiceCredentialSelfResponse,
} from '@aurastream/contract';
import { assertAdministrator, type Principal, type ServiceCaller } from '../auth/principal';
import { presentServiceCredential } from './service-credential.presenter';
import type { ServiceCredentialService } from './service-credential.service';

/** Service credentials for administrators (HTTP and `npm run admin`) and for the services themselves. */
export interface ServiceCredentialsApi {
  list(principal: Principal): Promise<ServiceCredentialListResponse>;
  /** The answer holds the secret; it is never shown again. */
  create(principal: Principal, input: CreateServiceCredentialRequest): Promise<CreatedServiceCredentialResponse>;
  revoke(principal: Principal, credentialId: string): Promise<ServiceCredentialResponse>;
  /** What a service learns about its own credential. */
  self(principal: ServiceCaller): ServiceCredentialSelfResponse;
}

export function createServiceCredentialsApi(credentials: ServiceCredentialService): ServiceCredentialsApi {
  return {
    async list(principal) {
      assertAdministrator(principal);
      return { items: (await credentials.list()).map(presentServiceCredential) };
    },
    async create(principal, input) {
      assertAdministrator(principal);
      const createdBy = principal.kind === 'user' ? principal.id : null;
      const { record, secret } = await credentials.create(input, createdBy);
      return { credential: presentServiceCredential(record), secret };
    },
    async revoke(principal, credentialId) {
      assertAdministrator(principal);
      return presentServiceCredential(await credentials.revoke(credentialId));
    },
    self(principal) {
      return { id: principal.credentialId, name: principal.name, scope: principal.scope };
    },
  };
}
