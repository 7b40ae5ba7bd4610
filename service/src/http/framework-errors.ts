import { STATUS_CODES } from 'node:http';
import {
  AppError,
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../shared/errors';

/**
 * A request the framework could not read or serve: body-parser and serve-static throw http-errors
 * (`status`, `expose`, and for body-parser a `type`), the router a URIError with `status` 400.
 */
export interface FrameworkRequestError extends Error {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  charset?: string;
  encoding?: string;
}

/** Another 4xx a framework attached that has no typed error of its own. */
class FrameworkClientError extends AppError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

/** The 4xx status a framework error carries; null for anything else (an outside API's error too). */
function clientStatusOf(error: unknown): number | null {
  if (!(error instanceof Error) || error instanceof AppError) {
    return null;
  }
  const { status, statusCode, expose } = error as FrameworkRequestError;
  const code = status ?? statusCode;
  // http-errors mark their message as fit to show (`expose`); the router's decoding error is a URIError
  const fromFramework = typeof expose === 'boolean' || error instanceof URIError;
  return fromFramework && typeof code === 'number' && code >= 400 && code <= 499 ? code : null;
}

/** Whether body-parser, the router or the file server refused the request with a 4xx status. */
export function isFrameworkRequestError(error: unknown): error is FrameworkRequestError {
  return clientStatusOf(error) !== null;
}

/**
 * The typed error of a request the framework refused, keeping its status. Messages are ours: the
 * framework's may quote the request (a path parameter, a charset) back.
 */
export function fromFrameworkRequestError(error: FrameworkRequestError): AppError {
  switch (error.type ?? '') {
    case 'entity.too.large':
      return new PayloadTooLargeError('The request body is too large');
    case 'parameters.too.many':
      return new PayloadTooLargeError('The form has more fields than are accepted');
    case 'entity.parse.failed':
      return new ValidationError('The request body is not valid JSON', [
        { field: 'body', message: 'malformed JSON', code: 'invalid_json' },
      ]);
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('unsupported_charset', 'The body must be sent as UTF-8', {
        charset: error.charset ?? null,
      });
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(
        'unsupported_content_encoding',
        'Send the body without a Content-Encoding, or as gzip, deflate or br',
        { encoding: error.encoding ?? null },
      );
    default:
      break;
  }
  if (error instanceof URIError) {
    // the router could not percent-decode a path parameter
    return new BadRequestError('malformed_url', 'The address has an invalid percent-encoded character');
  }
  const status = clientStatusOf(error) ?? 400;
  switch (status) {
    case 400:
      // a body that cannot be inflated, was cut off or has the wrong length
      return new BadRequestError('malformed_body', 'The request body cannot be read');
    case 403:
      return new ForbiddenError();
    case 404:
      return new NotFoundError('The file');
    case 413:
      return new PayloadTooLargeError('The request is too large');
    default: {
      const reason = STATUS_CODES[status] ?? 'Bad Request';
      return new FrameworkClientError(status, reason.toLowerCase().replace(/[^a-z]+/g, '_'), reason);
    }
  }
}
