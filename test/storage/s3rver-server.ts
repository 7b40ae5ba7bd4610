import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** s3rver's built-in account: it checks every request's signature against this key pair. */
export const S3RVER_CREDENTIALS = { S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' } as const;

export interface S3rverHandle {
  /** Path-style endpoint, e.g. `http://127.0.0.1:4568`. */
  endpoint: string;
  bucket: string;
  /** The settings that point a service at this bucket. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * An S3-compatible server from an npm package (s3rver) on loopback, with one bucket, its files in a
 * temporary folder. Unlike `fake-s3-server.ts`, it is another implementation of S3 than ours: it
 * checks SigV4 signatures (headers and presigned queries, with their expiry) as S3 does.
 */
export async function startS3rver(bucket = 'aurastream'): Promise<S3rverHandle> {
  const directory = await mkdtemp(path.join(tmpdir(), 'aurastream-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      ...S3RVER_CREDENTIALS,
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
