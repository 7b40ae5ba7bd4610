import { createAnalyticsTracker, type TrackedEvent } from '@aurastream/contract/tracker';
import type { AnyAssetType } from '@aurastream/contract';
import { credentials } from '../api/credentials';

/**
 * Product analytics: page views and feature use, batched by the shared tracker and attributed to
 * the signed-in user when there is one. Tracking never gets in the way of the app.
 */
const tracker = createAnalyticsTracker({
  baseUrl: '',
  getAccessToken: credentials.accessToken,
});

/** Route patterns, not raw paths, so ids never end up in analytics. */
function routeName(path: string): string {
  return path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id');
}

export function trackPage(path: string): void {
  tracker.track({ eventName: 'page_view', category: 'page', properties: { path: routeName(path) } });
}

export function track(
  eventName: string,
  category: TrackedEvent['category'],
  properties: TrackedEvent['properties'] = {},
  assetType?: AnyAssetType,
): void {
  tracker.track({ eventName, category, properties, assetType });
}

export function trackAsset(
  eventName: 'asset_generated' | 'asset_viewed' | 'asset_downloaded' | 'asset_shared',
  assetType: AnyAssetType,
  properties: TrackedEvent['properties'] = {},
): void {
  tracker.trackAsset(eventName, assetType, properties);
}

/** Sends what is queued now (before signing out, so the events stay attributed). */
export function flushAnalytics(): Promise<void> {
  return tracker.flush();
}
