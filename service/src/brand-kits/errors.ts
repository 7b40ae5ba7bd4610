import { NotFoundError } from '../shared/errors';

/** Also answered for another user's kit, so ids cannot be probed. */
export function brandKitNotFound(): NotFoundError {
  return new NotFoundError('Brand kit', 'brand_kit_not_found');
}

export function logoNotFound(type: string): NotFoundError {
  return new NotFoundError(`The ${type} logo`, 'logo_not_found');
}
