import { expect } from 'chai';
import {
  AnalyticsTracker,
  type AnalyticsTrackerOptions,
  type PageLifecycle,
  type TrackerProblem,
  type TrackerTimers,
} from './tracker';
import { validateAnalyticsEvent } from '../entries/tracker';

/** Timers driven by `advance`, so intervals and back-offs run without waiting. */
class FakeTimers implements TrackerTimers {
  // the contract checks timestamps against the real clock, so the fake one starts there
  now = Date.now();
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; every: number | null; callback: () => void }>();

  setInterval(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, every: ms, callback });
    return id;
  }
  clearInterval(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, every: null, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get activeCount(): number {
    return this.pending.size;
  }

  /** Moves the clock forward, running due callbacks in order and letting their promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, timer]) => timer.at <= end)
        .sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) {
        break;
      }
      const [id, timer] = due;
      this.now = timer.at;
      if (timer.every === null) {
        this.pending.delete(id);
      } else {
        timer.at += timer.every;
      }
      timer.callback();
      await settle();
    }
    this.now = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

interface RecordedRequest {
  url: string;
  headers: Record<string, string>;
  keepalive: boolean;
  events: Array<Record<string, unknown>>;
}

/** A fetch answering from a script of responses (202 once the script runs out). */
class FakeFetch {
  readonly requests: RecordedRequest[] = [];
  private readonly script: Array<() => Promise<Response>> = [];

  respondWith(...responses: Array<Response | Error | (() => Promise<Response>)>): void {
    for (const response of responses) {
      this.script.push(() =>
        response instanceof Error
          ? Promise.reject(response)
          : typeof response === 'function'
            ? response()
            : Promise.resolve(response),
      );
    }
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const body = JSON.parse(init?.body as string) as { events: Array<Record<string, unknown>> };
    this.requests.push({
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      headers: { ...(init?.headers as Record<string, string>) },
      keepalive: init?.keepalive === true,
      events: body.events,
    });
    const next = this.script.shift();
    return next ? next() : new Response(JSON.stringify({ accepted: body.events.length }), { status: 202 });
  };

  get sentNames(): unknown[] {
    return this.requests.flatMap((request) => request.events.map((event) => event.event_name));
  }
}

class FakeLifecycle implements PageLifecycle {
  private listeners = new Set<() => void>();
  onHide(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  hide(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

class FakeBeacon {
  readonly sent: Array<{ url: string; type: string; events: Array<Record<string, unknown>> }> = [];
  accept = true;
  readonly sendBeacon = (url: string, data: Blob): boolean => {
    if (!this.accept) {
      return false;
    }
    const record = { url, type: data.type, events: [] as Array<Record<string, unknown>> };
    this.sent.push(record);
    void data.text().then((text) => {
      record.events = (JSON.parse(text) as { events: Array<Record<string, unknown>> }).events;
    });
    return true;
  };
}

function setup(overrides: Partial<AnalyticsTrackerOptions> = {}) {
  const timers = new FakeTimers();
  const fetcher = new FakeFetch();
  const lifecycle = new FakeLifecycle();
  const beacon = new FakeBeacon();
  const problems: TrackerProblem[] = [];
  const tracker = new AnalyticsTracker({
    baseUrl: 'https://aura.test/',
    fetch: fetcher.fetch,
    sendBeacon: beacon.sendBeacon,
    timers,
    pageLifecycle: lifecycle,
    sessionStorage: null,
    now: () => timers.now,
    onProblem: (problem) => problems.push(problem),
    ...overrides,
  });
  const track = (count: number, prefix = 'event') => {
    for (let index = 0; index < count; index += 1) {
      expect(tracker.track({ eventName: `${prefix}_${index}`, category: 'page' })).to.equal(true);
    }
  };
  return { tracker, timers, fetcher, lifecycle, beacon, problems, track };
}

function names(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_unused, index) => `${prefix}_${index}`);
}

describe('AnalyticsTracker', () => {
  it('sends queued events on the interval to POST /api/v1/analytics', async () => {
    const { tracker, timers, fetcher, track } = setup({ flushIntervalMs: 5000 });
    track(3);
    await timers.advance(4999);
    expect(fetcher.requests).to.have.length(0);
    await timers.advance(1);
    expect(fetcher.requests).to.have.length(1);
    expect(fetcher.requests[0]!.url).to.equal('https://aura.test/api/v1/analytics');
    expect(fetcher.requests[0]!.headers['content-type']).to.equal('application/json');
    expect(fetcher.sentNames).to.deep.equal(names('event', 3));
    expect(fetcher.requests[0]!.events[0]).to.deep.include({
      category: 'page',
      properties: {},
      session_id: tracker.sessionId,
      timestamp: new Date(timers.now - 5000).toISOString(),
    });
    tracker.stop();
  });

  it('sends a batch as soon as it holds 50 events, never more than 50 per request', async () => {
    const { tracker, fetcher, track } = setup();
    track(120);
    await tracker.flush();
    expect(fetcher.requests.map((request) => request.events.length)).to.deep.equal([50, 50, 20]);
    expect(fetcher.sentNames).to.deep.equal(names('event', 120));
    tracker.stop();
  });

  it('keeps a batch that failed and sends it once the back-off passed, exactly once', async () => {
    const { tracker, timers, fetcher, problems, track } = setup({ retryBaseDelayMs: 1000 });
    fetcher.respondWith(new Response('down', { status: 503 }), new TypeError('network is unreachable'));
    track(5);
    await tracker.flush();
    expect(tracker.queuedCount).to.equal(5);
    await timers.advance(999);
    expect(fetcher.requests).to.have.length(1);
    await timers.advance(1);
    expect(fetcher.requests).to.have.length(2);
    // the second failure doubles the delay
    await timers.advance(1999);
    expect(fetcher.requests).to.have.length(2);
    await timers.advance(1);
    expect(fetcher.requests).to.have.length(3);
    expect(tracker.queuedCount).to.equal(0);
    expect(fetcher.requests[2]!.events.map((event) => event.event_name)).to.deep.equal(names('event', 5));
    expect(problems.map((problem) => problem.kind)).to.deep.equal(['send_failed', 'send_failed']);
    tracker.stop();
  });

  it('waits as long as Retry-After says when rate limited', async () => {
    const { tracker, timers, fetcher, track } = setup({ retryBaseDelayMs: 1000 });
    fetcher.respondWith(new Response('{}', { status: 429, headers: { 'retry-after': '30' } }));
    track(2);
    await tracker.flush();
    await timers.advance(29_999);
    expect(fetcher.requests).to.have.length(1);
    await timers.advance(1);
    expect(fetcher.requests).to.have.length(2);
    tracker.stop();
  });

  it('drops a batch the service rejects as invalid and carries on with the next one', async () => {
    const { tracker, fetcher, problems, track } = setup();
    fetcher.respondWith(new Response('{"error":{}}', { status: 422 }));
    track(60);
    await tracker.flush();
    expect(fetcher.requests.map((request) => request.events.length)).to.deep.equal([50, 10]);
    expect(tracker.queuedCount).to.equal(0);
    expect(problems.map((problem) => problem.kind)).to.deep.equal(['batch_rejected']);
    tracker.stop();
  });

  it('never has two requests in flight, so no event is sent twice', async () => {
    const { tracker, fetcher, track } = setup();
    let release: (response: Response) => void = () => undefined;
    fetcher.respondWith(() => new Promise<Response>((resolve) => (release = resolve)));
    track(10);
    const first = tracker.flush();
    track(5, 'later');
    const second = tracker.flush();
    expect(fetcher.requests).to.have.length(1);
    release(new Response('{}', { status: 202 }));
    await Promise.all([first, second]);
    expect(fetcher.sentNames).to.deep.equal([...names('event', 10), ...names('later', 5)]);
  });

  it('attributes events with the access token and extra headers', async () => {
    const { tracker, fetcher, track } = setup({
      getAccessToken: () => 'token-1',
      headers: () => ({ 'x-extension-jwt': 'jwt' }),
    });
    track(1);
    await tracker.flush();
    expect(fetcher.requests[0]!.headers).to.include({ authorization: 'Bearer token-1', 'x-extension-jwt': 'jwt' });
    tracker.stop();
  });

  describe('when the page is hidden', () => {
    it('hands anonymous batches of at most 50 to sendBeacon as application/json', async () => {
      const { tracker, fetcher, lifecycle, beacon, track } = setup();
      track(49);
      track(30, 'more');
      lifecycle.hide();
      await settle();
      expect(fetcher.requests).to.have.length(1); // the full batch sent as it filled up
      expect(beacon.sent.map((sent) => sent.type)).to.deep.equal(['application/json']);
      expect(beacon.sent[0]!.url).to.equal('https://aura.test/api/v1/analytics');
      expect([
        ...fetcher.sentNames,
        ...beacon.sent.flatMap((sent) => sent.events.map((event) => event.event_name)),
      ]).to.deep.equal([...names('event', 49), ...names('more', 30)]);
      expect(tracker.queuedCount).to.equal(0);
      tracker.stop();
    });

    it("sends a signed-in user's batch by keepalive fetch, which carries the Authorization header", async () => {
      const { tracker, fetcher, lifecycle, beacon, track } = setup({ getAccessToken: () => 'token-2' });
      track(3);
      lifecycle.hide();
      await settle();
      expect(beacon.sent).to.have.length(0);
      expect(fetcher.requests).to.have.length(1);
      expect(fetcher.requests[0]!.keepalive).to.equal(true);
      expect(fetcher.requests[0]!.headers.authorization).to.equal('Bearer token-2');
      tracker.stop();
    });

    it('falls back to a keepalive fetch when the browser refuses the beacon', async () => {
      const { tracker, fetcher, lifecycle, beacon, track } = setup();
      beacon.accept = false;
      track(4);
      lifecycle.hide();
      await settle();
      expect(fetcher.requests).to.have.length(1);
      expect(fetcher.requests[0]!.keepalive).to.equal(true);
      expect(fetcher.sentNames).to.deep.equal(names('event', 4));
      tracker.stop();
    });

    it('leaves a batch in flight to its request instead of sending it again', async () => {
      const { tracker, fetcher, lifecycle, beacon, track } = setup();
      let release: (response: Response) => void = () => undefined;
      fetcher.respondWith(() => new Promise<Response>((resolve) => (release = resolve)));
      track(3);
      const inFlight = tracker.flush();
      track(2, 'after');
      lifecycle.hide();
      await settle();
      expect(beacon.sent[0]!.events.map((event) => event.event_name)).to.deep.equal(names('after', 2));
      release(new Response('{}', { status: 202 }));
      await inFlight;
      expect(fetcher.sentNames).to.deep.equal(names('event', 3));
      tracker.stop();
    });
  });

  it('keeps at most maxQueueSize events while the service is down, dropping the oldest', async () => {
    const { tracker, fetcher, problems, track } = setup({ maxQueueSize: 60, maxBatchSize: 50 });
    fetcher.respondWith(new Response('', { status: 503 }));
    track(50);
    await tracker.flush();
    track(30, 'newer');
    expect(tracker.queuedCount).to.equal(60);
    expect(tracker.droppedCount).to.equal(20);
    expect(problems.some((problem) => problem.kind === 'queue_overflow')).to.equal(true);
    tracker.stop();
  });

  it('refuses invalid events locally so they cannot spoil a batch', () => {
    const { tracker, problems } = setup({ validate: validateAnalyticsEvent });
    expect(tracker.track({ eventName: 'Bad Name', category: 'page' })).to.equal(false);
    expect(tracker.track({ eventName: 'asset_downloaded', category: 'user_action' })).to.equal(false);
    expect(tracker.trackAsset('asset_downloaded', 'twitch_emote', { source: 'library' })).to.equal(true);
    expect(tracker.queuedCount).to.equal(1);
    expect(problems.map((problem) => problem.kind)).to.deep.equal(['invalid_event', 'invalid_event']);
    tracker.stop();
  });

  it('works where merely reading sessionStorage throws (a third-party frame with storage blocked)', () => {
    const scope = globalThis as { sessionStorage?: unknown };
    const had = Object.getOwnPropertyDescriptor(globalThis, 'sessionStorage');
    Object.defineProperty(globalThis, 'sessionStorage', {
      configurable: true,
      get() {
        throw new DOMException('The document is sandboxed and lacks the allow-same-origin flag', 'SecurityError');
      },
    });
    try {
      const { tracker } = setup({ sessionStorage: undefined });
      expect(tracker.sessionId).to.be.a('string').and.not.equal('');
      expect(tracker.track({ eventName: 'extension_panel_viewed', category: 'page' })).to.equal(true);
      tracker.stop();
    } finally {
      if (had) {
        Object.defineProperty(globalThis, 'sessionStorage', had);
      } else {
        delete scope.sessionStorage;
      }
    }
  });

  it('keeps one session id per tab in sessionStorage', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
    };
    const first = setup({ sessionStorage: storage }).tracker;
    const sameTab = setup({ sessionStorage: storage }).tracker;
    const otherTab = setup({ sessionStorage: { getItem: () => null, setItem: () => undefined } }).tracker;
    expect(first.sessionId).to.match(/^[0-9a-f-]{36}$/);
    expect(sameTab.sessionId).to.equal(first.sessionId);
    expect(otherTab.sessionId).to.not.equal(first.sessionId);
    for (const tracker of [first, sameTab, otherTab]) {
      tracker.stop();
    }
  });

  it('stops its timers and page listener on stop()', () => {
    const { tracker, timers, lifecycle } = setup();
    expect(timers.activeCount).to.equal(1);
    expect(lifecycle.listenerCount).to.equal(1);
    tracker.stop();
    expect(timers.activeCount).to.equal(0);
    expect(lifecycle.listenerCount).to.equal(0);
    expect(tracker.track({ eventName: 'late', category: 'page' })).to.equal(false);
  });
});
