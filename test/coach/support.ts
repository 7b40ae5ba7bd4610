import { expect } from 'chai';
import type { ApiError, Camelize, CoachStreamChunk, EventStream } from '@aurastream/contract';
import type { TestService } from '@aurastream/service/testing';

/** A chunk as the typed client yields it (camelCase keys). */
export type Chunk = Camelize<CoachStreamChunk>;

export async function collectChunks(stream: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  return chunks;
}

/** Everything the coach said in a turn, the token chunks joined. */
export function textOf(chunks: readonly Chunk[]): string {
  return chunks
    .filter((chunk) => chunk.type === 'token')
    .map((chunk) => chunk.content)
    .join('');
}

/** The chunk types in order, runs of tokens collapsed into one `token`. */
export function sequenceOf(chunks: readonly Chunk[]): string[] {
  const sequence: string[] = [];
  for (const chunk of chunks) {
    if (chunk.type !== 'token' || sequence.at(-1) !== 'token') {
      sequence.push(chunk.type);
    }
  }
  return sequence;
}

export function only<T extends Chunk['type']>(chunks: readonly Chunk[], type: T): Extract<Chunk, { type: T }> {
  const found = chunks.filter((chunk): chunk is Extract<Chunk, { type: T }> => chunk.type === type);
  expect(found, `exactly one ${type} chunk`).to.have.length(1);
  return found[0]!;
}

/** Runs `call`, expecting an ApiError; returns it. */
export async function apiError(call: () => Promise<unknown>): Promise<ApiError> {
  try {
    await call();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

/** One raw server-sent event as framed on the wire. */
export interface RawEvent {
  id: string | null;
  event: string | null;
  data: string;
}

/** POSTs with fetch and reads the whole event stream as raw frames (for framing and header checks). */
export async function rawEventStream(
  app: TestService,
  path: string,
  accessToken: string,
  body: unknown,
): Promise<{ response: Response; events: RawEvent[]; comments: string[] }> {
  const response = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const events: RawEvent[] = [];
  const comments: string[] = [];
  for (const frame of text.split('\n\n').filter(Boolean)) {
    const lines = frame.split('\n');
    if (lines.every((line) => line.startsWith(':'))) {
      comments.push(frame);
      continue;
    }
    const field = (name: string) => lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
    events.push({ id: field('id'), event: field('event'), data: field('data') ?? '' });
  }
  return { response, events, comments };
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Reads chunks until one of `type` arrives; returns the iterator to keep reading or abandon. */
export async function readUntil(stream: EventStream<Chunk>, type: Chunk['type']): Promise<AsyncIterator<Chunk>> {
  const iterator = stream[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) {
      throw new Error(`the stream ended before a ${type} chunk`);
    }
    if (next.value.type === type) {
      return iterator;
    }
  }
}

export const brandContext = {
  brandKitId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  name: 'NovaPlays',
  primaryColors: ['#9146ff'],
  accentColors: ['#FD0'],
  tone: 'competitive',
  fonts: { headline: 'Montserrat' },
};
