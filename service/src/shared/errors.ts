/**
 * Typed errors. Services throw these; the one HTTP error handler maps them to
 * `{"error": {"code", "message", "details"}}` with their status. Codes are stable snake_case
 * strings the clients may branch on (for example `tier_limit_reached` opens an upgrade prompt).
 */
import { errorCodes } from '@aurastream/contract';

export abstract class AppError extends Error {
  abstract readonly status: number;
  /** Whether the error points at a bug or an outage worth an error-level log. */
  readonly reportable: boolean = false;

  constructor(
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    // keeps `instanceof` and the subclass name right when targets differ
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
  }
}

/** One problem with one field of the input. */
export interface FieldIssue {
  field: string;
  message: string;
  code: string;
}

export class ValidationError extends AppError {
  readonly status = 422;
  constructor(message: string, issues: FieldIssue[], code: string = errorCodes.validationFailed) {
    super(code, message, issues);
  }

  static forField(field: string, message: string, code = 'invalid'): ValidationError {
    return new ValidationError(message, [{ field, message, code }]);
  }
}

export class BadRequestError extends AppError {
  readonly status = 400;
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  constructor(message = 'Authentication is required', code = 'unauthorized', details: unknown = null) {
    super(code, message, details);
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  constructor(message = 'You are not allowed to do this', code = 'forbidden', details: unknown = null) {
    super(code, message, details);
  }
}

/** A tier's limit or a feature outside the tier: the dashboard turns it into an upgrade prompt. */
export class TierLimitError extends ForbiddenError {
  constructor(message: string, code: string = errorCodes.tierLimitReached, details: unknown = null) {
    super(message, code, details);
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  constructor(resource: string, code = 'not_found', details: unknown = null) {
    super(code, `${resource} was not found`, details);
  }
}

export class ConflictError extends AppError {
  readonly status = 409;
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  constructor(message: string, details: unknown = null) {
    super('payload_too_large', message, details);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
}

export class RateLimitError extends AppError {
  readonly status = 429;
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests; try again later',
    code = 'rate_limited',
  ) {
    super(code, message, { retry_after_seconds: retryAfterSeconds });
  }
}

export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  override readonly reportable = true;
}

/**
 * MongoDB, Redis or the file store cannot be reached right now. Not a bug: logged at warn without a
 * stack, and the same request succeeds once the dependency is back.
 */
export class DependencyUnavailableError extends AppError {
  readonly status = 503;
  constructor(dependency: 'mongodb' | 'redis' | 'storage') {
    super(errorCodes.dependencyUnavailable, 'The service is briefly unavailable; try again in a few seconds', {
      dependency,
    });
  }
}

/** The disk (or a quota, or a file size limit) has no room for what was being written. */
export class StorageFullError extends AppError {
  readonly status = 507;
  override readonly reportable = true;
  constructor() {
    super(
      errorCodes.storageFull,
      'The file could not be stored: the server is out of storage space. Nothing was changed; try again later',
    );
  }
}

/** An outside service (OpenAI, Twitch) failed or timed out. */
export class UpstreamError extends AppError {
  readonly status = 502;
  override readonly reportable = true;
}
