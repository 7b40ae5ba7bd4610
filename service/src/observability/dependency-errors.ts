import { recordDependencyError, type Dependency } from './metrics';

/** Error class names of the MongoDB driver, ioredis and the AWS SDK that mean the dependency failed. */
function dependencyOf(error: unknown): Dependency | null {
  if (!(error instanceof Error)) {
    return null;
  }
  const name = error.name;
  if (name.startsWith('Mongo') || name === 'MongooseServerSelectionError') {
    return 'mongodb';
  }
  if (name === 'ReplyError' || name === 'MaxRetriesPerRequestError' || error.message === 'Connection is closed.') {
    return 'redis';
  }
  if ('$metadata' in error || name === 'S3ServiceException') {
    return 'storage';
  }
  return null;
}

/** MongoDB driver errors that say the server could not be reached (not that it refused a command). */
const unreachableMongoErrors = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
]);

/** Node's codes for a connection the other side closed, reset or never accepted. */
const brokenSocketCodes = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED']);

/**
 * A connection to MongoDB that broke under a command: the driver usually wraps that in a
 * MongoNetworkError, but a write to a socket the server has just closed ("This socket has been ended
 * by the other party") reaches the caller as Node's own error, recognisable only by its code and by
 * the driver's frames on its stack.
 */
function isBrokenMongoSocket(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (
    code !== undefined && brokenSocketCodes.has(code) && /[\\/]node_modules[\\/]mongodb[\\/]/.test(error.stack ?? '')
  );
}

/**
 * The dependency an error says is out of reach (down, restarting, still loading its data), or null
 * for any other error. Such a request is answered 503 rather than 500: nothing is wrong with it, and
 * the same request succeeds once the dependency is back.
 */
export function unavailableDependencyOf(error: unknown): Dependency | null {
  if (!(error instanceof Error)) {
    return null;
  }
  if (unreachableMongoErrors.has(error.name)) {
    return 'mongodb';
  }
  // mongoose holds a model's operations while its connection is down, and gives up after a while
  if (error.name === 'MongooseError' && /buffering timed out/.test(error.message)) {
    return 'mongodb';
  }
  if (isBrokenMongoSocket(error)) {
    return 'mongodb';
  }
  if (
    error.name === 'MaxRetriesPerRequestError' ||
    error.message === 'Connection is closed.' ||
    error.message.startsWith("Stream isn't writeable") ||
    // a restarted Redis answers LOADING while it reads its append-only file back
    (error.name === 'ReplyError' && error.message.startsWith('LOADING'))
  ) {
    return 'redis';
  }
  return null;
}

/** Counts an unexpected error (a 500) against the dependency it came from, if one did. */
export function countDependencyFailure(error: unknown): void {
  const dependency = dependencyOf(error);
  if (dependency) {
    recordDependencyError(dependency, 'request');
  }
}
