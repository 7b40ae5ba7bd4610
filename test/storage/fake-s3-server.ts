import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeObject {
  data: Buffer;
  contentType: string | undefined;
  cacheControl: string | undefined;
  modifiedAt: Date;
}

export interface FakeS3Server {
  /** e.g. `http://127.0.0.1:1234` */
  endpoint: string;
  /** Objects by key, in the one bucket the server holds. */
  objects: Map<string, FakeObject>;
  /** `METHOD operation` of every request, e.g. `GET ListObjectsV2`. */
  requests: string[];
  close(): Promise<void>;
}

function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlUnescape(value: string): string {
  return value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>${xml}`);
}

/**
 * A small S3-compatible server on loopback, path-style, one bucket: HeadBucket, PutObject, GetObject,
 * HeadObject, DeleteObject, DeleteObjects and ListObjectsV2 (at most `pageSize` keys a page, so paging is
 * exercised). Requests must be signed with `accessKeyId`.
 */
export async function startFakeS3Server(options: {
  bucket: string;
  accessKeyId: string;
  pageSize?: number;
}): Promise<FakeS3Server> {
  const objects = new Map<string, FakeObject>();
  const requests: string[] = [];
  const pageSize = options.pageSize ?? 2;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const [, bucket, ...keyParts] = url.pathname.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    if (!(req.headers.authorization ?? '').startsWith(`AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/`)) {
      sendXml(res, 403, '<Error><Code>AccessDenied</Code><Message>Bad signature</Message></Error>');
      return;
    }
    if (bucket !== options.bucket) {
      sendXml(res, 404, '<Error><Code>NoSuchBucket</Code><Message>No such bucket</Message></Error>');
      return;
    }
    const body = await readBody(req);
    if (req.method === 'HEAD' && !key) {
      requests.push('HEAD HeadBucket');
      res.writeHead(200).end();
    } else if (req.method === 'PUT' && key) {
      requests.push('PUT PutObject');
      objects.set(key, {
        data: body,
        contentType: req.headers['content-type'],
        cacheControl: req.headers['cache-control'],
        modifiedAt: new Date(),
      });
      res.writeHead(200, { etag: '"fake"' }).end();
    } else if (req.method === 'GET' && key) {
      requests.push('GET GetObject');
      const object = objects.get(key);
      if (!object) {
        sendXml(
          res,
          404,
          `<Error><Code>NoSuchKey</Code><Message>No such key</Message><Key>${xmlEscape(key)}</Key></Error>`,
        );
        return;
      }
      res.writeHead(200, {
        'content-type': object.contentType ?? 'application/octet-stream',
        'content-length': object.data.length,
      });
      res.end(object.data);
    } else if (req.method === 'HEAD' && key) {
      requests.push('HEAD HeadObject');
      const object = objects.get(key);
      res
        .writeHead(
          object ? 200 : 404,
          object
            ? { 'content-length': object.data.length, 'last-modified': object.modifiedAt.toUTCString() }
            : undefined,
        )
        .end();
    } else if (req.method === 'DELETE' && key) {
      requests.push('DELETE DeleteObject');
      objects.delete(key);
      res.writeHead(204).end();
    } else if (req.method === 'POST' && url.searchParams.has('delete')) {
      requests.push('POST DeleteObjects');
      for (const match of body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)) {
        objects.delete(xmlUnescape(match[1] ?? ''));
      }
      sendXml(res, 200, '<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>');
    } else if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
      requests.push('GET ListObjectsV2');
      const prefix = url.searchParams.get('prefix') ?? '';
      const after = url.searchParams.get('continuation-token') ?? '';
      const keys = [...objects.keys()].filter((candidate) => candidate.startsWith(prefix) && candidate > after).sort();
      const page = keys.slice(0, pageSize);
      const truncated = keys.length > page.length;
      const contents = page
        .map(
          (pageKey) =>
            `<Contents><Key>${xmlEscape(pageKey)}</Key><LastModified>${objects.get(pageKey)?.modifiedAt.toISOString() ?? ''}</LastModified><Size>${objects.get(pageKey)?.data.length ?? 0}</Size></Contents>`,
        )
        .join('');
      sendXml(
        res,
        200,
        `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${options.bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><IsTruncated>${truncated}</IsTruncated>${
          truncated ? `<NextContinuationToken>${xmlEscape(page[page.length - 1] ?? '')}</NextContinuationToken>` : ''
        }${contents}</ListBucketResult>`,
      );
    } else {
      sendXml(res, 501, '<Error><Code>NotImplemented</Code><Message>Not supported by the fake</Message></Error>');
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
