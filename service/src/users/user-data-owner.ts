import type { UserId } from './user.repository';

/**
 * A feature that keeps data belonging to a user. Deleting an account asks every owner to remove
 * the user's records and files, and nothing of anyone else's.
 */
export interface UserDataOwner {
  readonly name: string;
  deleteAllForUser(userId: UserId): Promise<void>;
}
