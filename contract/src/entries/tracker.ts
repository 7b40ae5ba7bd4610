/**
 * The analytics tracker for the dashboard (`@aurastream/contract/tracker`): events are checked
 * against the contract's schema before they are queued. The panel extension takes the tracker from
 * `./extension` instead, without the schema (and without zod) in its bundle.
 */
import { analyticsEventSchema } from '../analytics/events';
import { AnalyticsTracker, type AnalyticsTrackerOptions } from '../analytics/tracker';

export * from '../analytics/tracker';

/** The problems of an event that the service would refuse; null for a valid one. */
export function validateAnalyticsEvent(event: unknown): unknown[] | null {
  const parsed = analyticsEventSchema.safeParse(event);
  return parsed.success ? null : parsed.error.issues;
}

/** Creates a tracker that checks every event against the contract and starts sending at once. */
export function createAnalyticsTracker(options: AnalyticsTrackerOptions): AnalyticsTracker {
  return new AnalyticsTracker({ validate: validateAnalyticsEvent, ...options });
}
