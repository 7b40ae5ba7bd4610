import type { Request } from 'express';
import { EXTENSION_JWT_HEADER, errorCodes, twitchEventSubHeaders } from '@aurastream/contract';
import type { CallerVerifiers } from '../http/route';
import { recordEventSubDelivery } from '../observability/metrics';
import type { Authenticator } from './authenticator';
import { extensionTokenErrors, serviceCredentialErrors } from './caller-errors';
import type { EventSubSignatureVerifier } from './eventsub-signature';
import type { ExtensionJwt } from './extension-jwt';
import type { ServiceCaller } from './principal';
import type { Logger } from '../shared/logger';
import { AppError } from '../shared/errors';

/** The bearer token of `Authorization: Bearer <token>`, or null without one. */
function bearerToken(req: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/** The viewer's extension JWT: `x-extension-jwt`, else `Authorization: Bearer`. */
function extensionTokenOf(req: Request): string {
  const explicit = req.headers[EXTENSION_JWT_HEADER];
  if (typeof explicit === 'string' && explicit.trim()) {
    return explicit.trim();
  }
  const token = bearerToken(req);
  if (!token) {
    throw extensionTokenErrors.missing();
  }
  return token;
}

export interface CallerVerifierDependencies {
  /** Users' access tokens. */
  authenticator: Pick<Authenticator, 'authenticate'>;
  /** Twitch extension JWTs (every secret in rotation). */
  extensionTokens: Pick<ExtensionJwt, 'verify'>;
  /** Service credentials, read on every request so a revocation applies at once. */
  serviceCredentials: { authenticate(credential: string): Promise<ServiceCaller> };
  /** EventSub signatures, keyed with TWITCH_EVENTSUB_SECRET. */
  eventSub: Pick<EventSubSignatureVerifier, 'verify'>;
  /** Where refused EventSub deliveries (forged, stale) are logged, at warn. */
  logger?: Logger;
}

/** The one set of caller checks every route uses (see `bindRoute`). */
export function createCallerVerifiers(deps: CallerVerifierDependencies): CallerVerifiers {
  return {
    user: (req) => deps.authenticator.authenticate(req.headers.authorization),
    extensionViewer: (req) => deps.extensionTokens.verify(extensionTokenOf(req)),
    serviceCredential: async (req) => {
      if (!req.headers.authorization) {
        throw serviceCredentialErrors.missing();
      }
      const token = bearerToken(req);
      if (!token) {
        throw serviceCredentialErrors.invalid();
      }
      return deps.serviceCredentials.authenticate(token);
    },
    twitchEventSub: async (req, rawBody) => {
      try {
        return deps.eventSub.verify(req.headers, rawBody);
      } catch (error) {
        // a forged or replayed delivery changes nothing, but someone should hear of it (its
        // subscription type is the sender's word, so it is not a label)
        recordEventSubDelivery(
          '',
          error instanceof AppError && error.code === errorCodes.eventSubTimestampOutOfWindow
            ? 'stale'
            : 'invalid_signature',
        );
        deps.logger?.warn(
          {
            reqId: req.id,
            code: error instanceof AppError ? error.code : 'invalid',
            messageId: req.headers[twitchEventSubHeaders.messageId] ?? null,
            messageType: req.headers[twitchEventSubHeaders.messageType] ?? null,
          },
          'EventSub delivery refused',
        );
        throw error;
      }
    },
  };
}
