import { HttpStatusCodeError } from '@twurple/api-call';
import { errorCodes } from '@aurastream/contract';
import { ConflictError, ForbiddenError } from '../shared/errors';

/** The feature needs Twitch and the user has not connected it. */
export class TwitchNotConnectedError extends ConflictError {
  constructor() {
    super(errorCodes.twitchNotConnected, 'Connect your Twitch account first (Settings → Connections)');
  }
}

/** Twitch no longer accepts the connection's tokens: the streamer connects again. */
export class TwitchConnectionRevokedError extends ConflictError {
  constructor() {
    super(
      errorCodes.twitchConnectionRevoked,
      'Twitch no longer accepts AuraStream’s access to your channel. Connect Twitch again in Settings.',
    );
  }
}

/** The connection lacks scopes a feature needs; the dashboard offers to grant them. */
export class TwitchScopesMissingError extends ForbiddenError {
  constructor(missingScopes: readonly string[], scopeSet: string | null) {
    super(
      `Grant AuraStream these Twitch permissions first: ${missingScopes.join(', ')}`,
      errorCodes.twitchScopesMissing,
      { missing_scopes: missingScopes, scope_set: scopeSet },
    );
  }
}

/** Twitch's HTTP status of a failed twurple call, or null for other failures (network, timeouts). */
export function twitchStatusOf(error: unknown): number | null {
  return error instanceof HttpStatusCodeError ? error.statusCode : null;
}

/** Twitch's error message of a failed twurple call (`{"message": …}`), else the error's text. */
export function twitchMessageOf(error: unknown): string {
  if (error instanceof HttpStatusCodeError) {
    try {
      const body = JSON.parse(error.body) as { message?: unknown };
      if (typeof body.message === 'string' && body.message) {
        return body.message;
      }
    } catch {
      // not JSON
    }
    return `HTTP ${error.statusCode}`;
  }
  return error instanceof Error ? error.message : String(error);
}
