/**
 * Why a caller was refused, for the kinds verified apart from users' access tokens (whose errors the
 * authenticator raises). Codes are stable: clients branch on them.
 */
import { AppError, ForbiddenError, UnauthorizedError } from '../shared/errors';

/** Production without TWITCH_EXTENSION_SECRET: no viewer token can be checked. */
export class ExtensionNotConfiguredError extends AppError {
  readonly status = 503;
  constructor() {
    super('extension_not_configured', 'The Twitch extension is not set up on this AuraStream server');
  }
}

export const extensionTokenErrors = {
  missing: () =>
    new UnauthorizedError(
      'Send the Twitch extension JWT as `Authorization: Bearer` or `x-extension-jwt`',
      'extension_token_missing',
    ),
  invalid: () => new UnauthorizedError('The Twitch extension JWT is invalid', 'extension_token_invalid'),
  expired: () => new UnauthorizedError('The Twitch extension JWT has expired', 'extension_token_expired'),
  roleNotAllowed: (allowed: readonly string[]) =>
    new ForbiddenError(`Only a channel's ${allowed.join(' or ')} may do this`, 'extension_role_forbidden', {
      allowed_roles: allowed,
    }),
};

export const serviceCredentialErrors = {
  missing: () =>
    new UnauthorizedError(
      'Send the service credential as `Authorization: Bearer aura_svc_…`',
      'service_credential_missing',
    ),
  invalid: () => new UnauthorizedError('The service credential is invalid', 'service_credential_invalid'),
  revoked: () => new UnauthorizedError('The service credential was revoked', 'service_credential_revoked'),
};

export const eventSubErrors = {
  missing: () =>
    new UnauthorizedError(
      'An EventSub delivery needs its Twitch-Eventsub-Message headers',
      'eventsub_signature_missing',
    ),
  invalid: () => new UnauthorizedError('The EventSub signature does not match', 'eventsub_signature_invalid'),
  stale: () =>
    new UnauthorizedError(
      'The EventSub message timestamp is outside the accepted 10-minute window',
      'eventsub_timestamp_out_of_window',
    ),
};
