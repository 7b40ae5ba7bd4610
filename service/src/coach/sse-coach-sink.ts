import type { Response } from 'express';
import { SseStream } from '../http/sse-stream';
import type { OpenCoachSink } from './coach-sink';

/** The response header naming the session a coach stream belongs to. */
export const COACH_SESSION_HEADER = 'X-Coach-Session-Id';
/** Keeps proxies and browsers from closing a stream that waits on the coach. */
const HEARTBEAT_MS = 15_000;

/** A coach turn as a `text/event-stream` response: one event per chunk, named by its type. */
export function sseCoachSink(res: Response): OpenCoachSink {
  return (session) => {
    const stream = new SseStream(res, { heartbeatMs: HEARTBEAT_MS });
    stream.open({ [COACH_SESSION_HEADER]: session.id });
    return {
      signal: stream.signal,
      send: (chunk) => stream.send(chunk.type, chunk),
      end: () => stream.end(),
    };
  };
}
