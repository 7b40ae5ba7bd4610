import type { AnalyticsCategory, AnalyticsEvent } from '@aurastream/contract';

/**
 * A raw event as kept in Redis, where its encoded text is the member of the live sorted set (scored
 * by `timestamp`). `id` makes every member unique, so two identical events are two members.
 */
export interface StoredAnalyticsEvent {
  id: string;
  event_name: string;
  category: AnalyticsCategory;
  /** Milliseconds since the epoch, from the client. */
  timestamp: number;
  session_id: string;
  /** The signed-in user who sent it; null for visitors and extension viewers. */
  user_id: string | null;
  asset_type: string | null;
  properties: Record<string, string | number | boolean | null>;
  /** Milliseconds since the epoch, from the server. */
  received_at: number;
}

export function toStoredEvent(
  event: AnalyticsEvent,
  id: string,
  userId: string | null,
  receivedAt: number,
): StoredAnalyticsEvent {
  return {
    id,
    event_name: event.event_name,
    category: event.category,
    timestamp: Date.parse(event.timestamp),
    session_id: event.session_id,
    user_id: userId,
    asset_type: event.asset_type ?? null,
    properties: event.properties,
    received_at: receivedAt,
  };
}

/**
 * The member text: a JSON array in a fixed field order rather than an object, which keeps 100,000
 * buffered events small and makes encoding cheaper on the ingestion path.
 */
type EncodedEvent = [
  id: string,
  event_name: string,
  category: AnalyticsCategory,
  timestamp: number,
  session_id: string,
  user_id: string | null,
  asset_type: string | null,
  properties: StoredAnalyticsEvent['properties'],
  received_at: number,
];

export function encodeStoredEvent(event: StoredAnalyticsEvent): string {
  const encoded: EncodedEvent = [
    event.id,
    event.event_name,
    event.category,
    event.timestamp,
    event.session_id,
    event.user_id,
    event.asset_type,
    event.properties,
    event.received_at,
  ];
  return JSON.stringify(encoded);
}

/** Parses a member of the live set; null for anything that is not a stored event (never thrown). */
export function decodeStoredEvent(member: string): StoredAnalyticsEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(member);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 9) {
    return null;
  }
  const [id, eventName, category, timestamp, sessionId, userId, assetType, properties, receivedAt] =
    value as EncodedEvent;
  if (
    typeof id !== 'string' ||
    typeof eventName !== 'string' ||
    typeof category !== 'string' ||
    typeof timestamp !== 'number' ||
    !Number.isFinite(timestamp)
  ) {
    return null;
  }
  return {
    id,
    event_name: eventName,
    category,
    timestamp,
    session_id: sessionId,
    user_id: userId,
    asset_type: assetType,
    properties,
    received_at: receivedAt,
  };
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** Start of the UTC hour holding `timestamp` (ms). */
export function hourStart(timestamp: number): number {
  return Math.floor(timestamp / hourMs) * hourMs;
}

/** Start of the UTC day holding `timestamp` (ms). */
export function dayStart(timestamp: number): number {
  return Math.floor(timestamp / dayMs) * dayMs;
}

export const durations = { hourMs, dayMs } as const;
