import { errorCodes } from '@aurastream/contract';
import { AppError } from '../../shared/errors';

/**
 * A sign-in provider this server has no credentials for: a setting to add, not an outage, so it is
 * logged at warn without a stack (the error handler does so for every 5xx that is not reportable).
 * `GET /api/v1/auth/providers` tells clients beforehand, so they do not offer it.
 */
export class ProviderNotConfiguredError extends AppError {
  readonly status = 503;

  constructor(providerName: string) {
    super(errorCodes.providerNotConfigured, `Sign-in with ${providerName} is not set up on this server`, {
      provider: providerName.toLowerCase(),
    });
  }
}
