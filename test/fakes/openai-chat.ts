import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordTestSecrets } from '@aurastream/service/testing';

/**
 * How the fake answers the next chat completions:
 * - `normal`: the whole reply, streamed in small token-sized pieces (or as one JSON completion);
 * - `error_mid_stream`: half the reply, then an `error` event as OpenAI sends it, then the end;
 * - `drop_mid_stream`: half the reply, then the connection is destroyed;
 * - `slow`: one piece every `slowChunkMs`, long enough for a client to give up (aborts are recorded);
 * - `http_500`: a 500 with OpenAI's error body before any token.
 */
export type FakeChatMode = 'normal' | 'error_mid_stream' | 'drop_mid_stream' | 'slow' | 'http_500';

export interface ChatRequestBody {
  model?: unknown;
  messages?: { role: string; content: string }[];
  stream?: boolean;
  [key: string]: unknown;
}

export interface RecordedChatRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: ChatRequestBody;
  stream: boolean;
  mode: FakeChatMode;
  /** The client went away before the answer was complete. */
  aborted: boolean;
  /** The whole answer was sent. */
  completed: boolean;
}

export interface FakeOpenAiChatOptions {
  /** When set, requests must send `Authorization: Bearer <apiKey>` (401 otherwise). */
  apiKey?: string;
  /** Pause between pieces in `slow` mode. */
  slowChunkMs?: number;
}

export interface FakeOpenAiChat {
  /** Base URL for the `openai` package: `http://127.0.0.1:<port>/v1`. */
  url: string;
  /** Every request received, oldest first (unknown paths included). */
  requests: RecordedChatRequest[];
  setMode(mode: FakeChatMode): void;
  /** What the assistant answers (the default ends with a fenced JSON intent). */
  setReply(reply: string): void;
  /** Back to `normal` mode, the default reply and an empty request log. */
  reset(): void;
  /** Resolves with the first request matching `predicate` (polling the log), or rejects after `timeoutMs`. */
  waitFor(predicate: (request: RecordedChatRequest) => boolean, timeoutMs?: number): Promise<RecordedChatRequest>;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_REPLY = [
  'Love this idea! A raging cat reads instantly at 28 px if we keep it to one big face.',
  '',
  'Here is your prompt:',
  '"Twitch emote of a furious orange cat, close-up, thick outlines, pixel art, transparent background"',
  '',
  'Want a crown on it?',
  '',
  '```json',
  JSON.stringify({
    ready: true,
    refined_prompt: 'Twitch emote of a furious orange cat, close-up, thick outlines, pixel art, transparent background',
    style_preset: 'pixel_art',
    colors: ['#ff8800', '#1d2b53'],
    text: null,
    mood: 'rage',
  }),
  '```',
].join('\n');

/** Token-sized pieces (about 4 characters, like real tokens), so fences arrive split. */
function pieces(text: string): string[] {
  return text.match(/[\s\S]{1,4}/g) ?? [];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function errorBody(message: string, type: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

/** A fake OpenAI-compatible chat-completions server on 127.0.0.1 (stream and non-stream). */
export async function startFakeOpenAiChat(options: FakeOpenAiChatOptions = {}): Promise<FakeOpenAiChat> {
  recordTestSecrets('OpenAI-compatible API key', [options.apiKey]);
  const slowChunkMs = options.slowChunkMs ?? 100;
  const requests: RecordedChatRequest[] = [];
  let mode: FakeChatMode = 'normal';
  let reply = DEFAULT_FAKE_REPLY;

  const chunkOf = (id: string, model: string, delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model,
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    })}\n\n`;

  const stream = (req: IncomingMessage, res: ServerResponse, record: RecordedChatRequest, model: string): void => {
    const id = `chatcmpl-${randomUUID()}`;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(chunkOf(id, model, { role: 'assistant', content: '' }, null));
    const parts = pieces(mode === 'slow' ? `${reply}\n`.repeat(20) : reply);
    const cut = Math.floor(parts.length / 2);
    const finish = (): void => {
      res.write(chunkOf(id, model, {}, 'stop'));
      res.write('data: [DONE]\n\n');
      record.completed = true;
      res.end();
    };
    if (mode === 'slow') {
      let index = 0;
      const timer = setInterval(() => {
        const part = parts[index];
        index += 1;
        if (part === undefined) {
          clearInterval(timer);
          finish();
          return;
        }
        res.write(chunkOf(id, model, { content: part }, null));
      }, slowChunkMs);
      res.on('close', () => clearInterval(timer));
      return;
    }
    const sent = mode === 'normal' ? parts : parts.slice(0, cut);
    for (const part of sent) {
      res.write(chunkOf(id, model, { content: part }, null));
    }
    if (mode === 'normal') {
      finish();
    } else if (mode === 'error_mid_stream') {
      res.write(
        `data: ${JSON.stringify(errorBody('The server had an error while processing your request.', 'server_error'))}\n\n`,
      );
      res.end();
    } else {
      // let the half answer reach the client before the connection breaks
      setTimeout(() => req.socket.destroy(), 20);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    let body: ChatRequestBody;
    try {
      body = raw ? (JSON.parse(raw) as ChatRequestBody) : {};
    } catch {
      body = {};
    }
    const record: RecordedChatRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      authorization: req.headers.authorization ?? null,
      body,
      stream: body.stream === true,
      mode,
      aborted: false,
      completed: false,
    };
    requests.push(record);
    res.on('close', () => {
      if (!record.completed) {
        record.aborted = true;
      }
    });

    const answer = (status: number, payload: unknown): void => {
      record.completed = true;
      sendJson(res, status, payload);
    };
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      answer(404, errorBody(`Unknown request URL: ${req.method} ${req.url}`, 'invalid_request_error', 'unknown_url'));
      return;
    }
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      answer(401, errorBody('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'));
      return;
    }
    if (typeof body.model !== 'string' || !Array.isArray(body.messages) || body.messages.length === 0) {
      answer(400, errorBody("'model' and 'messages' are required", 'invalid_request_error'));
      return;
    }
    if (mode === 'http_500') {
      answer(500, errorBody('The server had an error while processing your request.', 'server_error'));
      return;
    }
    if (record.stream) {
      stream(req, res, record, body.model);
      return;
    }
    answer(200, {
      id: `chatcmpl-${randomUUID()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: pieces(reply).length, total_tokens: 100 + pieces(reply).length },
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        sendJson(res, 500, errorBody('fake server failure', 'server_error'));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setMode(next) {
      mode = next;
    },
    setReply(next) {
      reply = next;
    },
    reset() {
      mode = 'normal';
      reply = DEFAULT_FAKE_REPLY;
      requests.length = 0;
    },
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = requests.find(predicate);
        if (found) {
          return found;
        }
        if (Date.now() > deadline) {
          throw new Error('the fake OpenAI server saw no matching request in time');
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
