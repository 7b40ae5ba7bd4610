/**
 * Why a caller was refused, for the kinds verified apart from users' access tokens (whose errors the
 * authenticator raises). Codes are stable: clients branch on them.
 */
import { errorCodes } from '@aurastream/contract';
import { AppError, ForbiddenError, UnauthorizedError } from '../shared/errors';

/** Production without TWITCH_EXTENSION_SECRET: no viewer token can be checked. */
export class ExtensionNotConfiguredError extends AppError {
  readonly status = 503;
  constructor() {
    super(errorCodes.extensionNotConfigured, 'The Twitch extension is not set up on this AuraStream server');
  }
}

export const extensionTokenErrors = {
  missing: () =>
    new UnauthorizedError(
      'Send the Twitch extension JWT as `Authorization: Bearer` or `x-extension-jwt`',
      errorCodes.extensionTokenMissing,
    ),
  invalid: () => new UnauthorizedError('The Twitch extension JWT is invalid', errorCodes.extensionTokenInvalid),
  expired: () => new UnauthorizedError('The Twitch extension JWT has expired', errorCodes.extensionTokenExpired),
  roleNotAllowed: (allowed: readonly string[]) =>
    new ForbiddenError(`Only a channel's ${allowed.join(' or ')} may do this`, errorCodes.extensionRoleForbidden, {
      allowed_roles: allowed,
    }),
};

export const serviceCredentialErrors = {
  missing: () =>
    new UnauthorizedError(
      'Send the service credential as `Authorization: Bearer aura_svc_…`',
      errorCodes.serviceCredentialMissing,
    ),
  invalid: () => new UnauthorizedError('The service credential is invalid', errorCodes.serviceCredentialInvalid),
  revoked: () => new UnauthorizedError('The service credential was revoked', errorCodes.serviceCredentialRevoked),
};

export const eventSubErrors = {
  missing: () =>
    new UnauthorizedError(
      'An EventSub delivery needs its Twitch-Eventsub-Message headers',
      errorCodes.eventSubSignatureMissing,
    ),
  invalid: () => new UnauthorizedError('The EventSub signature does not match', errorCodes.eventSubSignatureInvalid),
  stale: () =>
    new UnauthorizedError(
      'The EventSub message timestamp is outside the accepted 10-minute window',
      errorCodes.eventSubTimestampOutOfWindow,
    ),
};
