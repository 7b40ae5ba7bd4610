import { randomUUID } from 'node:crypto';
import { ApiError, type AnalyticsEventInput } from '@aurastream/contract';
import type { TestService } from '@aurastream/service/testing';

/** A valid wire event; `overrides` may set any field, even to something invalid, or leave it out (`undefined`). */
export function wireEvent(overrides: Record<string, unknown> = {}): AnalyticsEventInput {
  const event: AnalyticsEventInput = {
    event_name: 'page_view',
    category: 'page',
    properties: { path: '/dashboard' },
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    session_id: 'session-test-0001',
  };
  return Object.assign(event, overrides);
}

export interface PostResult {
  status: number;
  body: unknown;
  headers: Headers;
}

/** POST /api/v1/analytics over raw HTTP, optionally signed in. */
export async function postEvents(
  app: TestService,
  events: unknown,
  options: { token?: string | null; body?: string } = {},
): Promise<PostResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) {
    headers.authorization = `Bearer ${options.token}`;
  }
  const response = await fetch(`${app.url}/api/v1/analytics`, {
    method: 'POST',
    headers,
    body: options.body ?? JSON.stringify({ events }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null, headers: response.headers };
}

/** Posts `total` events in batches of 50 from `concurrency` clients; throws unless all are accepted. */
export async function ingestMany(
  app: TestService,
  total: number,
  makeEvent: (index: number) => AnalyticsEventInput,
  options: { token?: string | null; concurrency?: number } = {},
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const start = next;
      next = Math.min(total, next + 50);
      const events = Array.from({ length: next - start }, (_unused, offset) => makeEvent(start + offset));
      const result = await postEvents(app, events, { token: options.token ?? null });
      if (result.status !== 202) {
        throw new Error(`ingestion answered ${result.status}: ${JSON.stringify(result.body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
}

/** The error a typed-client call fails with. */
export async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** The error a promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Every `analytics_events` row as `hour|name|category → count`. */
export async function hourlyRows(app: TestService): Promise<Map<string, number>> {
  const rows = await app.service.infra.mongo.connection
    .collection('analytics_events')
    .find({}, { projection: { hour_start: 1, event_name: 1, category: 1, count: 1 } })
    .toArray();
  return new Map(
    rows.map((row) => [
      `${(row.hour_start as Date).toISOString()}|${String(row.event_name)}|${String(row.category)}`,
      Number(row.count),
    ]),
  );
}

export async function longTermEventTotal(app: TestService): Promise<number> {
  let total = 0;
  for (const count of (await hourlyRows(app)).values()) {
    total += count;
  }
  return total;
}

/** Every `analytics_asset_popularity` row as `day|type → [generated, viewed, downloaded, shared]`. */
export async function popularityRows(app: TestService): Promise<Map<string, number[]>> {
  const rows = await app.service.infra.mongo.connection.collection('analytics_asset_popularity').find({}).toArray();
  return new Map(
    rows.map((row) => [
      `${(row.day as Date).toISOString()}|${String(row.asset_type)}`,
      [row.generated_count, row.viewed_count, row.downloaded_count, row.shared_count].map(Number),
    ]),
  );
}

/** Start of the UTC hour of `ms`, as ISO text. */
export function hourOf(ms: number): string {
  return new Date(Math.floor(ms / 3_600_000) * 3_600_000).toISOString();
}

export function uniqueSession(): string {
  return `session-${randomUUID()}`;
}

/** Polls `check` until it returns true (every 20 ms, up to `timeoutMs`). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
