/**
 * The analytics event tracker shared by the dashboard and the extension. Browser-safe: it depends
 * only on the contract, and every browser API it uses (fetch, sendBeacon, timers, page lifecycle,
 * sessionStorage) can be passed in, so it also runs in Node and in tests.
 */
import type { AnalyticsEventInput, AssetEventName } from './events';
import { ANALYTICS_INGEST_PATH, maxEventsPerBatch } from './ingest';

/** An event as the app tracks it; the tracker adds the tab's session id and the time. */
export interface TrackedEvent {
  eventName: AnalyticsEventInput['event_name'];
  category: AnalyticsEventInput['category'];
  properties?: AnalyticsEventInput['properties'];
  assetType?: AnalyticsEventInput['asset_type'];
  /** When it happened; now by default. */
  timestamp?: Date;
}

/** Something the tracker could not do; reported through `onProblem`, never thrown. */
export interface TrackerProblem {
  kind: 'invalid_event' | 'batch_rejected' | 'send_failed' | 'queue_overflow';
  message: string;
  details?: unknown;
}

export interface TrackerTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PageLifecycle {
  /** Calls `listener` whenever the page is hidden or unloaded; returns a function that stops it. */
  onHide(listener: () => void): () => void;
}

export interface AnalyticsTrackerOptions {
  /** Origin of the AuraStream service, e.g. `https://aurastream.example`; empty for same-origin. */
  baseUrl: string;
  /** The signed-in user's access token, if any: their events are attributed to them. */
  getAccessToken?: () => string | null | undefined;
  /** Extra request headers (a request carrying any is never sent as a beacon, which has none). */
  headers?: () => Record<string, string>;
  /** The fetch implementation; the global one by default. */
  fetch?: typeof fetch;
  /** `navigator.sendBeacon` (bound); the browser's by default, none elsewhere. */
  sendBeacon?: ((url: string, data: Blob) => boolean) | null;
  /** Timer functions; the global ones by default. */
  timers?: TrackerTimers;
  /** Page hide notifications; `visibilitychange`/`pagehide` by default in a browser. */
  pageLifecycle?: PageLifecycle | null;
  /** The tab's session id; by default kept in `sessionStorage` (one per tab) or generated. */
  sessionId?: string;
  /** Where the session id is kept; `sessionStorage` by default in a browser. */
  sessionStorage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** How often queued events are sent (default 10 s). */
  flushIntervalMs?: number;
  /** Events per request, at most 50 (the service's limit). */
  maxBatchSize?: number;
  /** Events kept while the service cannot be reached; the oldest go first (default 500). */
  maxQueueSize?: number;
  /** First retry delay after a failed send, doubling up to `retryMaxDelayMs` (default 2 s / 60 s). */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** The clock (ms). */
  now?: () => number;
  onProblem?: (problem: TrackerProblem) => void;
  /**
   * Checks an event before it is queued: the problems found, or null when it is valid. The
   * `./tracker` entry passes the contract's zod schema; without it events are checked only by their
   * types here and by the service.
   */
  validate?: (event: AnalyticsEventInput) => unknown[] | null;
}

type WireEvent = AnalyticsEventInput;
type SendOutcome =
  | { kind: 'sent' }
  | { kind: 'rejected'; status: number; body: string }
  | { kind: 'retry'; afterMs: number | null; reason: string };

const sessionStorageKey = 'aurastream.analytics.session';

function browserGlobals() {
  const scope = globalThis as {
    navigator?: { sendBeacon?: (url: string, data: Blob) => boolean };
    document?: Document;
    addEventListener?: (type: string, listener: () => void) => void;
    removeEventListener?: (type: string, listener: () => void) => void;
    sessionStorage?: Storage;
  };
  return scope;
}

function defaultPageLifecycle(): PageLifecycle | null {
  const scope = browserGlobals();
  const document = scope.document;
  if (!document || !scope.addEventListener || !scope.removeEventListener) {
    return null;
  }
  return {
    onHide(listener) {
      const onVisibility = () => {
        if (document.visibilityState === 'hidden') {
          listener();
        }
      };
      document.addEventListener('visibilitychange', onVisibility);
      scope.addEventListener?.('pagehide', listener);
      return () => {
        document.removeEventListener('visibilitychange', onVisibility);
        scope.removeEventListener?.('pagehide', listener);
      };
    },
  };
}

function newSessionId(): string {
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function resolveSessionId(options: AnalyticsTrackerOptions): string {
  if (options.sessionId) {
    return options.sessionId;
  }
  try {
    // reading `window.sessionStorage` itself throws where a third-party frame's storage is blocked
    // (Twitch's panel, in browsers that block third-party cookies), so it is inside the try too
    const storage =
      options.sessionStorage === undefined ? (browserGlobals().sessionStorage ?? null) : options.sessionStorage;
    const stored = storage?.getItem(sessionStorageKey);
    if (stored) {
      return stored;
    }
    const created = newSessionId();
    storage?.setItem(sessionStorageKey, created);
    return created;
  } catch {
    // storage can be disabled (privacy modes); a session per tracker is the next best thing
    return newSessionId();
  }
}

/**
 * Queues tracked events and sends them to `POST /api/v1/analytics` in batches of at most 50: every
 * `flushIntervalMs`, as soon as a batch is full, and when the page is hidden. One request is in
 * flight at a time and a batch leaves the queue only once the service accepted it (or rejected it
 * as invalid), so a failed send is retried later without ever sending an event twice.
 */
export class AnalyticsTracker {
  readonly sessionId: string;
  private readonly url: string;
  private readonly fetchImpl: typeof fetch;
  private readonly sendBeacon: ((url: string, data: Blob) => boolean) | null;
  private readonly timers: TrackerTimers;
  private readonly now: () => number;
  private readonly batchSize: number;
  private readonly maxQueueSize: number;
  private queue: WireEvent[] = [];
  private sending: Promise<void> | null = null;
  private consecutiveFailures = 0;
  private retryAt = 0;
  private retryTimer: unknown = null;
  private readonly intervalTimer: unknown;
  private readonly stopListening: () => void;
  private droppedEvents = 0;
  private stopped = false;

  constructor(private readonly options: AnalyticsTrackerOptions) {
    this.url = `${options.baseUrl.replace(/\/$/, '')}${ANALYTICS_INGEST_PATH}`;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    const beacon = browserGlobals().navigator?.sendBeacon?.bind(browserGlobals().navigator);
    this.sendBeacon = options.sendBeacon === undefined ? (beacon ?? null) : options.sendBeacon;
    this.timers = options.timers ?? {
      setInterval: (callback, ms) => setInterval(callback, ms),
      clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    this.now = options.now ?? (() => Date.now());
    this.batchSize = Math.min(Math.max(1, options.maxBatchSize ?? maxEventsPerBatch), maxEventsPerBatch);
    this.maxQueueSize = Math.max(this.batchSize, options.maxQueueSize ?? 500);
    this.sessionId = resolveSessionId(options);
    this.intervalTimer = this.timers.setInterval(() => void this.flush(), options.flushIntervalMs ?? 10_000);
    const lifecycle = options.pageLifecycle === undefined ? defaultPageLifecycle() : options.pageLifecycle;
    this.stopListening = lifecycle?.onHide(() => this.flushOnHide()) ?? (() => undefined);
  }

  /** Events waiting to be sent (not counting a batch in flight). */
  get queuedCount(): number {
    return this.queue.length;
  }

  /** Events dropped because the queue was full. */
  get droppedCount(): number {
    return this.droppedEvents;
  }

  /** Queues an event; false (and `onProblem`) when it is invalid or the tracker is stopped. */
  track(event: TrackedEvent): boolean {
    if (this.stopped) {
      return false;
    }
    const wire: WireEvent = {
      event_name: event.eventName,
      category: event.category,
      properties: event.properties ?? {},
      timestamp: (event.timestamp ?? new Date(this.now())).toISOString(),
      session_id: this.sessionId,
      ...(event.assetType ? { asset_type: event.assetType } : {}),
    };
    const issues = this.options.validate?.(wire) ?? null;
    if (issues) {
      // one bad event would make the service reject its whole batch, so it never enters the queue
      this.report({ kind: 'invalid_event', message: `event "${event.eventName}" is invalid`, details: issues });
      return false;
    }
    this.queue.push(wire);
    this.enforceQueueBound();
    if (this.queue.length >= this.batchSize) {
      void this.flush();
    }
    return true;
  }

  /** Tracks one of the asset events that feed the popularity statistics. */
  trackAsset(
    eventName: AssetEventName,
    assetType: NonNullable<TrackedEvent['assetType']>,
    properties?: TrackedEvent['properties'],
  ): boolean {
    return this.track({ eventName, category: 'user_action', assetType, properties });
  }

  /** Sends everything queued, one batch at a time; resolves when done or when sending must wait. */
  flush(): Promise<void> {
    if (this.sending) {
      return this.sending;
    }
    if (this.queue.length === 0 || this.now() < this.retryAt) {
      return Promise.resolve();
    }
    this.sending = this.drain().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  /**
   * The page is going away: hand every queued batch to the browser to deliver after it is gone.
   * `sendBeacon` carries no headers, so batches that need them (a signed-in user's, to be
   * attributed) go by `fetch` with `keepalive`, which also outlives the page; a refused beacon does
   * too. A batch already in flight is left to its request, so nothing is sent twice.
   */
  flushOnHide(): void {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      const body = JSON.stringify({ events: batch });
      const headers = this.requestHeaders();
      if (
        !headers.authorization &&
        !this.options.headers &&
        this.sendBeacon?.(this.url, new Blob([body], { type: 'application/json' }))
      ) {
        continue;
      }
      // if the page survives (it was only hidden) and this fails, the batch is queued again
      void this.post(batch, true).then((outcome) => this.settle(batch, outcome));
    }
  }

  /** Stops the timers and the page listener; queued events stay unsent (call `flushOnHide` first to send them). */
  stop(): void {
    this.stopped = true;
    this.timers.clearInterval(this.intervalTimer);
    if (this.retryTimer !== null) {
      this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.stopListening();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const batch = this.queue.splice(0, this.batchSize);
      const outcome = await this.post(batch, false);
      if (!this.settle(batch, outcome)) {
        return;
      }
    }
  }

  /** Applies a send's outcome; false when sending must pause (the batch went back to the queue). */
  private settle(batch: WireEvent[], outcome: SendOutcome): boolean {
    switch (outcome.kind) {
      case 'sent':
        this.consecutiveFailures = 0;
        return true;
      case 'rejected':
        // resending an invalid batch would fail forever; report it and move on
        this.report({
          kind: 'batch_rejected',
          message: `the service rejected a batch (HTTP ${outcome.status})`,
          details: outcome.body,
        });
        return true;
      case 'retry': {
        this.queue.unshift(...batch);
        this.enforceQueueBound();
        this.consecutiveFailures += 1;
        const backoff = Math.min(
          (this.options.retryBaseDelayMs ?? 2000) * 2 ** (this.consecutiveFailures - 1),
          this.options.retryMaxDelayMs ?? 60_000,
        );
        const delay = Math.max(backoff, outcome.afterMs ?? 0);
        this.retryAt = this.now() + delay;
        this.report({
          kind: 'send_failed',
          message: `sending analytics failed (${outcome.reason}); retrying in ${delay} ms`,
        });
        if (this.retryTimer !== null) {
          this.timers.clearTimeout(this.retryTimer);
        }
        this.retryTimer = this.stopped
          ? null
          : this.timers.setTimeout(() => {
              this.retryTimer = null;
              void this.flush();
            }, delay);
        return false;
      }
    }
  }

  private requestHeaders(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(this.options.headers?.() ?? {}) };
    const token = this.options.getAccessToken?.();
    if (token) {
      headers.authorization = `Bearer ${token}`;
    }
    return headers;
  }

  private async post(batch: WireEvent[], keepalive: boolean): Promise<SendOutcome> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: this.requestHeaders(),
        body: JSON.stringify({ events: batch }),
        keepalive,
      });
    } catch (error) {
      return { kind: 'retry', afterMs: null, reason: error instanceof Error ? error.message : 'network error' };
    }
    const body = await response.text().catch(() => '');
    if (response.ok) {
      return { kind: 'sent' };
    }
    // 401: the token expired and the app refreshes it; 408, 429 and 5xx: the service is busy or down
    if (response.status === 401 || response.status === 408 || response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get('retry-after'));
      return {
        kind: 'retry',
        afterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
        reason: `HTTP ${response.status}`,
      };
    }
    return { kind: 'rejected', status: response.status, body };
  }

  private enforceQueueBound(): void {
    const excess = this.queue.length - this.maxQueueSize;
    if (excess > 0) {
      this.queue.splice(0, excess);
      this.droppedEvents += excess;
      this.report({
        kind: 'queue_overflow',
        message: `dropped the ${excess} oldest analytics events: the queue is full`,
      });
    }
  }

  private report(problem: TrackerProblem): void {
    this.options.onProblem?.(problem);
  }
}
