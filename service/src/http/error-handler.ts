import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';
import { z } from 'zod';
import { AppError, ConflictError, NotFoundError, RateLimitError, ValidationError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { fromFrameworkRequestError, isFrameworkRequestError } from './framework-errors';
import { zodIssuesToFieldIssues } from './validation';
import { countDependencyFailure } from '../observability/dependency-errors';

interface DuplicateKeyError {
  code: 11000;
  keyValue?: Record<string, unknown>;
  keyPattern?: Record<string, unknown>;
}

function isDuplicateKeyError(error: unknown): error is DuplicateKeyError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** Maps anything thrown into a typed AppError; unknown errors become null (a 500). */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) {
    return error;
  }
  if (error instanceof z.ZodError) {
    return new ValidationError('The request is invalid', zodIssuesToFieldIssues(error));
  }
  if (error instanceof mongoose.Error.ValidationError) {
    const issues = Object.entries(error.errors).map(([field, issue]) => ({
      field,
      message: issue.message,
      code: issue.kind,
    }));
    return new ValidationError('The data is invalid', issues);
  }
  if (error instanceof mongoose.Error.CastError) {
    return new NotFoundError('The resource');
  }
  if (isDuplicateKeyError(error)) {
    const fields = Object.keys(error.keyPattern ?? error.keyValue ?? {});
    return new ConflictError('duplicate', `A record with the same ${fields.join(', ') || 'key'} already exists`, {
      fields,
    });
  }
  if (isFrameworkRequestError(error)) {
    return fromFrameworkRequestError(error);
  }
  return null;
}

/** The one place errors become HTTP answers: `{"error": {"code", "message", "details"}}`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const appError = toAppError(error);
    if (res.headersSent) {
      logger.warn({ err: error, reqId: req.id }, 'error after the response started');
      res.end();
      return;
    }
    if (!appError) {
      countDependencyFailure(error);
      const errorId = randomUUID();
      logger.error({ err: error, errorId, reqId: req.id }, 'unhandled error');
      res.status(500).json({
        error: { code: 'internal_error', message: 'Something went wrong on our side', details: { error_id: errorId } },
      });
      return;
    }
    if (appError.reportable) {
      logger.error({ err: error, reqId: req.id }, appError.message);
    } else if (appError.status >= 500) {
      // unavailable by configuration (a provider not set up): worth a line, not a stack
      logger.warn({ reqId: req.id, status: appError.status, code: appError.code }, appError.message);
    } else if (isFrameworkRequestError(error)) {
      // the client's mistake, not ours: no stack, and nothing the request carried
      logger.warn(
        { reqId: req.id, status: appError.status, code: appError.code, type: error.type ?? error.name },
        'request refused before reaching a route',
      );
    }
    if (appError instanceof RateLimitError) {
      res.setHeader('Retry-After', String(appError.retryAfterSeconds));
    }
    res.status(appError.status).json({
      error: { code: appError.code, message: appError.message, details: appError.details ?? null },
    });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`${req.method} ${req.path}`, 'route_not_found'));
};
