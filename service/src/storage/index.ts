import type { Config } from '../config';
import type { FileStorage } from './file-storage';
import { LocalFileStorage } from './local-storage';

import { createSignedFileUrls, type SignedFileUrls } from './signed-urls';

export type { FileStorage, StoredFile, FileContent } from './file-storage';
export type { SignedFileUrls } from './signed-urls';
export { LocalFileStorage } from './local-storage';

/** The storage the configuration asks for, and its signed URLs when browsers get them. */
export async function createFileStorage(
  config: Config,
): Promise<{ storage: FileStorage; signedUrls: SignedFileUrls | null }> {
  const filesUrl = `${config.http.publicUrl}/files`;
  if (config.storage.driver === 's3') {
    const { S3FileStorage } = await import('./s3-storage');
    const seconds = config.storage.signedUrlSeconds;
    const storage = new S3FileStorage({ ...config.storage.s3, signedFilesUrl: seconds === null ? null : filesUrl });
    return { storage, signedUrls: seconds === null ? null : createSignedFileUrls(storage, seconds) };
  }
  return { storage: new LocalFileStorage(config.storage.localDir, filesUrl), signedUrls: null };
}
