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

/** Counts an unexpected error (a 500) against the dependency it came from, if one did. */
export function countDependencyFailure(error: unknown): void {
  const dependency = dependencyOf(error);
  if (dependency) {
    recordDependencyError(dependency, 'request');
  }
}
