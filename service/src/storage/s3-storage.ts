import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { assertSafeKey, type FileContent, type FileStorage, type StoredFile } from './file-storage';

/** Settings of an S3-compatible bucket (`config.storage.s3`). */
export interface S3StorageOptions {
  /** Endpoint of an S3-compatible service (MinIO, R2, …); null for AWS itself. */
  endpoint: string | null;
  region: string;
  bucket: string;
  /** Empty: the AWS default credential chain (environment, instance role) applies. */
  accessKeyId: string;
  secretAccessKey: string;
  /** Public origin the bucket's objects load from (a CDN, say); by default the bucket's own URL. */
  publicUrl?: string | null;
}

// a year: keys are unique per file version, so an object never changes under its key
const CACHE_CONTROL = 'public, max-age=31536000, immutable';
// DeleteObjects takes at most 1000 keys per request
const DELETE_BATCH = 1000;

function isMissing(error: unknown): boolean {
  return error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);
}

/**
 * Files in an S3-compatible bucket (`STORAGE_DRIVER=s3`). Path-style addressing is used with a
 * custom endpoint, which is what MinIO and most S3-compatible services expect. Objects are served
 * straight from the bucket (or `publicUrl`), which must allow public reads of them.
 */
export class S3FileStorage implements FileStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly baseUrl: string;

  constructor(options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      ...(options.accessKeyId
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      // checksums only where S3 requires them: several S3-compatible services refuse the extra headers
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const publicUrl = options.publicUrl?.replace(/\/$/, '');
    this.baseUrl =
      publicUrl ||
      (options.endpoint
        ? `${options.endpoint.replace(/\/$/, '')}/${options.bucket}`
        : `https://${options.bucket}.s3.${options.region}.amazonaws.com`);
  }

  async put(key: string, data: Buffer, contentType: string): Promise<StoredFile> {
    assertSafeKey(key);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: data,
        ContentType: contentType,
        CacheControl: CACHE_CONTROL,
      }),
    );
    return { key, size: data.length, contentType, url: this.url(key) };
  }

  async get(key: string): Promise<FileContent | null> {
    assertSafeKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!object.Body) {
        return null;
      }
      const data = Buffer.from(await object.Body.transformToByteArray());
      return { data, contentType: object.ContentType ?? 'application/octet-stream', size: data.length };
    } catch (error) {
      if (isMissing(error)) {
        return null;
      }
      throw error;
    }
  }

  /** Deleting a missing object succeeds, as on S3 itself. */
  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertSafeKey(prefix.replace(/\/$/, ''));
    // always a whole folder: `users/1` must not take `users/10` with it
    const folder = prefix.endsWith('/') ? prefix : `${prefix}/`;
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: folder,
          ContinuationToken: continuationToken,
          MaxKeys: DELETE_BATCH,
        }),
      );
      const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
      if (keys.length > 0) {
        const result = await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }),
        );
        const failed = result.Errors ?? [];
        if (failed.length > 0) {
          throw new Error(
            `could not delete ${failed.length} objects under ${folder}: ${failed[0]?.Code ?? 'unknown error'}`,
          );
        }
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  url(key: string): string {
    // safe keys hold only characters that need no escaping in a URL
    assertSafeKey(key);
    return `${this.baseUrl}/${key}`;
  }

  /** HeadBucket: the bucket exists and these credentials reach it. */
  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  /** Closes the client's connections. */
  destroy(): void {
    this.client.destroy();
  }
}
