import type { Response } from 'express';
import { openSseStreams } from '../observability/metrics';

/** The client closed the connection before the stream ended. */
export class ClientDisconnectedError extends Error {
  override readonly name = 'ClientDisconnectedError';
  constructor() {
    super('The client closed the event stream');
  }
}

export interface SseStreamOptions {
  /** Interval of the `: heartbeat` comment that keeps proxies and browsers from timing out. */
  heartbeatMs: number;
  /** Called on every heartbeat (e.g. to renew leases held while the stream is open). */
  onHeartbeat?: () => void;
}

/**
 * A `text/event-stream` response: headers flushed at once, numbered events (`id`, `event`, `data`),
 * a heartbeat comment, backpressure, and `signal` aborted when the client goes away.
 */
export class SseStream {
  private readonly controller = new AbortController();
  private heartbeat: NodeJS.Timeout | null = null;
  private lastEventId = 0;

  constructor(
    private readonly res: Response,
    private readonly options: SseStreamOptions,
  ) {
    res.on('close', () => {
      this.stopHeartbeat();
      if (!res.writableFinished) {
        this.controller.abort(new ClientDisconnectedError());
      }
    });
    if (res.destroyed) {
      this.controller.abort(new ClientDisconnectedError());
    }
  }

  /** Aborted when the client disconnects. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isOpen(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  /** Sends the status line and headers right away, then starts the heartbeat. */
  open(headers: Record<string, string> = {}): void {
    this.res.status(200);
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    this.res.setHeader('Cache-Control', 'no-cache, no-transform');
    // nginx and similar proxies would otherwise buffer the stream
    this.res.setHeader('X-Accel-Buffering', 'no');
    for (const [name, value] of Object.entries(headers)) {
      this.res.setHeader(name, value);
    }
    this.res.flushHeaders();
    this.res.socket?.setNoDelay(true);
    openSseStreams.inc();
    this.res.once('close', () => openSseStreams.dec());
    this.heartbeat = setInterval(() => {
      if (this.isOpen) {
        this.res.write(': heartbeat\n\n');
        this.options.onHeartbeat?.();
      }
    }, this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Writes one event; waits while the client reads slower than we write. No-op once closed. */
  async send(event: string, data: unknown): Promise<void> {
    if (!this.isOpen) {
      return;
    }
    this.lastEventId += 1;
    const frame = `id: ${this.lastEventId}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    if (this.res.write(frame)) {
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }

  end(): void {
    this.stopHeartbeat();
    if (!this.res.writableEnded) {
      this.res.end();
    }
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }
}
