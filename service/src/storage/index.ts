import type { Config } from '../config';
import type { FileStorage } from './file-storage';
import { LocalFileStorage } from './local-storage';

export type { FileStorage, StoredFile, FileContent } from './file-storage';
export { LocalFileStorage } from './local-storage';

/** The storage the configuration asks for. */
export async function createFileStorage(config: Config): Promise<FileStorage> {
  if (config.storage.driver === 's3') {
    const { S3FileStorage } = await import('./s3-storage');
    return new S3FileStorage(config.storage.s3);
  }
  return new LocalFileStorage(config.storage.localDir, `${config.http.publicUrl}/files`);
}
