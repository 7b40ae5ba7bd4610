import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PresigningFileStorage, SignedUrlValidity } from './signed-urls';
import {
  assertSafeKey,
  LIST_PAGE_SIZE,
  type FileContent,
  type FileStorage,
  type ListedFile,
  type StoredFile,
} from './file-storage';

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
  /**
   * Where file URLs point instead when files are served through signed URLs: the service's
   * `/files`, which redirects to a freshly signed URL (`publicUrl` is then unused).
   */
  signedFilesUrl?: string | null;
  /** The endpoint as browsers reach it, for signed URLs (the host is signed); by default `endpoint`. */
  signingEndpoint?: string | null;
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
 * straight from the bucket (or `publicUrl`), which must then allow public reads of them, or through
 * signed URLs (`signedFilesUrl`, `presign`), with which the bucket stays private.
 */
export class S3FileStorage implements FileStorage, PresigningFileStorage {
  private readonly client: S3Client;
  /** Signs URLs for browsers: the same credentials, addressed as browsers reach the store. */
  private readonly signingClient: S3Client;
  private readonly bucket: string;
  private readonly baseUrl: string;

  constructor(options: S3StorageOptions) {
    this.bucket = options.bucket;
    const clientOptions = (endpoint: string | null) => ({
      region: options.region,
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      ...(options.accessKeyId
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      // checksums only where S3 requires them: several S3-compatible services refuse the extra headers
      requestChecksumCalculation: 'WHEN_REQUIRED' as const,
      responseChecksumValidation: 'WHEN_REQUIRED' as const,
    });
    this.client = new S3Client(clientOptions(options.endpoint));
    this.signingClient = options.signingEndpoint ? new S3Client(clientOptions(options.signingEndpoint)) : this.client;
    const publicUrl = options.publicUrl?.replace(/\/$/, '');
    this.baseUrl =
      options.signedFilesUrl?.replace(/\/$/, '') ||
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
    for await (const page of this.list(folder, DELETE_BATCH)) {
      const result = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: page.map((file) => ({ Key: file.key })), Quiet: true },
        }),
      );
      const failed = result.Errors ?? [];
      if (failed.length > 0) {
        throw new Error(
          `could not delete ${failed.length} objects under ${folder}: ${failed[0]?.Code ?? 'unknown error'}`,
        );
      }
    }
  }

  /** ListObjectsV2 by prefix, a page per request, following continuation tokens. */
  async *list(prefix: string, pageSize = LIST_PAGE_SIZE): AsyncIterable<ListedFile[]> {
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ContinuationToken: continuationToken,
          MaxKeys: Math.min(pageSize, LIST_PAGE_SIZE),
        }),
      );
      const files = (page.Contents ?? []).flatMap((object) =>
        // a store that leaves the time out: taken as just written, which no sweep removes
        object.Key ? [{ key: object.Key, size: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date() }] : [],
      );
      if (files.length > 0) {
        yield files;
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  /** HeadObject; null when the object is missing. */
  async stat(key: string): Promise<ListedFile | null> {
    assertSafeKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { key, size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date() };
    } catch (error) {
      if (isMissing(error) || (error instanceof S3ServiceException && error.name === 'NotFound')) {
        return null;
      }
      throw error;
    }
  }

  url(key: string): string {
    // safe keys hold only characters that need no escaping in a URL
    assertSafeKey(key);
    return `${this.baseUrl}/${key}`;
  }

  /** A URL reading `key` straight from the bucket until `validity` ends (SigV4 query signing). */
  presign(key: string, validity: SignedUrlValidity): Promise<string> {
    assertSafeKey(key);
    return getSignedUrl(this.signingClient, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: validity.expiresInSeconds,
      signingDate: validity.signedAt,
    });
  }

  /** HeadBucket: the bucket exists and these credentials reach it. */
  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  /** Closes the client's connections. */
  destroy(): void {
    this.client.destroy();
    this.signingClient.destroy();
  }
}
