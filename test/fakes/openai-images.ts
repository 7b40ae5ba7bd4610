import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sharp from 'sharp';
import { recordTestSecrets } from '@aurastream/service/testing';

/**
 * A fake OpenAI-compatible image API on loopback (`POST /v1/images/generations`), answering with
 * real PNGs of the requested size, and failing on demand:
 * - `ok`: `{created, data: [{b64_json}]}` (a transparent PNG when `background: "transparent"`,
 *   else a subject on a plain white backdrop, as DALL·E draws it);
 * - `url`: `{data: [{url}]}` pointing at the same fake, as DALL·E does without `response_format`;
 * - `server_error`: HTTP 500 in OpenAI's error shape;
 * - `content_policy`: HTTP 400 `content_policy_violation`, as OpenAI refuses a prompt;
 * - `hang`: never answers (for timeouts); the connection is closed on `stop()`.
 */
export type FakeImagesMode = 'ok' | 'url' | 'server_error' | 'content_policy' | 'hang';

export interface RecordedImageRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: Record<string, unknown>;
  mode: FakeImagesMode;
}

export interface FakeOpenAIImages {
  /** Base URL for the `openai` package and `OPENAI_BASE_URL`: `http://127.0.0.1:<port>/v1`. */
  baseUrl: string;
  /** The key requests must send as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Switches the answer; with `times`, only the next `times` generations, then back to `ok`. */
  mode(mode: FakeImagesMode, options?: { times?: number }): void;
  /** Every request received, oldest first. */
  requests: RecordedImageRequest[];
  stop(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function openAiError(res: ServerResponse, status: number, message: string, type: string, code: string | null): void {
  sendJson(res, status, { error: { message, type, param: null, code } });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseSize(size: unknown): { width: number; height: number } {
  const match = typeof size === 'string' ? /^(\d{2,4})x(\d{2,4})$/.exec(size) : null;
  return match ? { width: Number(match[1]), height: Number(match[2]) } : { width: 1024, height: 1024 };
}

/** A bold subject (ring and star) off-centre, so cropping has something to find. */
async function pictureOf(width: number, height: number, transparent: boolean): Promise<Buffer> {
  const r = Math.min(width, height) * 0.3;
  const cx = width * 0.55;
  const cy = height * 0.5;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    ${transparent ? '' : `<rect width="${width}" height="${height}" fill="#ffffff"/>`}
    <circle cx="${cx}" cy="${cy}" r="${r}" fill="#7c3aed" stroke="#111111" stroke-width="${r * 0.12}"/>
    <circle cx="${cx}" cy="${cy}" r="${r * 0.45}" fill="#fde047" stroke="#111111" stroke-width="${r * 0.08}"/>
  </svg>`;
  return sharp(Buffer.from(svg)).ensureAlpha().png().toBuffer();
}

export async function startFakeOpenAIImages(options: { apiKey?: string } = {}): Promise<FakeOpenAIImages> {
  const apiKey = options.apiKey ?? `sk-fake-${randomUUID()}`;
  recordTestSecrets('OpenAI API key', [apiKey]);
  const requests: RecordedImageRequest[] = [];
  const files = new Map<string, Buffer>();
  const sockets = new Set<Socket>();
  let current: FakeImagesMode = 'ok';
  let remaining = Number.POSITIVE_INFINITY;
  let baseUrl = '';

  const nextMode = (): FakeImagesMode => {
    const mode = current;
    remaining -= 1;
    if (remaining <= 0) {
      current = 'ok';
      remaining = Number.POSITIVE_INFINITY;
    }
    return mode;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path.startsWith('/files/')) {
      requests.push({ method: 'GET', path, authorization: req.headers.authorization ?? null, body: {}, mode: current });
      const file = files.get(path.slice('/files/'.length));
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': file.length }).end(file);
      return;
    }
    const body = await readJson(req);
    const authorization = req.headers.authorization ?? null;
    const isGeneration = req.method === 'POST' && path === '/v1/images/generations';
    const mode = isGeneration && authorization === `Bearer ${apiKey}` ? nextMode() : current;
    requests.push({ method: req.method ?? '', path, authorization, body, mode });
    if (!isGeneration) {
      openAiError(res, 404, `Unknown request URL: ${req.method} ${path}`, 'invalid_request_error', 'unknown_url');
      return;
    }
    if (authorization !== `Bearer ${apiKey}`) {
      openAiError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      return;
    }
    switch (mode) {
      case 'hang':
        return;
      case 'server_error':
        openAiError(res, 500, 'The server had an error while processing your request.', 'server_error', null);
        return;
      case 'content_policy':
        openAiError(
          res,
          400,
          'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
          'invalid_request_error',
          'content_policy_violation',
        );
        return;
      case 'ok':
      case 'url': {
        const { width, height } = parseSize(body.size);
        const png = await pictureOf(width, height, body.background === 'transparent');
        if (mode === 'url') {
          const id = `${randomUUID()}.png`;
          files.set(id, png);
          sendJson(res, 200, {
            created: Math.floor(Date.now() / 1000),
            data: [{ url: `${baseUrl.replace(/\/v1$/, '')}/files/${id}` }],
          });
        } else {
          sendJson(res, 200, { created: Math.floor(Date.now() / 1000), data: [{ b64_json: png.toString('base64') }] });
        }
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        openAiError(res, 500, error instanceof Error ? error.message : 'fake failed', 'server_error', null);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}/v1`;

  return {
    baseUrl,
    apiKey,
    requests,
    mode(mode, modeOptions = {}) {
      current = mode;
      remaining = modeOptions.times ?? Number.POSITIVE_INFINITY;
    },
    async stop() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
