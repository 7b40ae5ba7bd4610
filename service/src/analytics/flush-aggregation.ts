import { assetEventCounters, isAssetEventName, type AnalyticsCategory } from '@aurastream/contract';
import { dayStart, hourStart, type StoredAnalyticsEvent } from './stored-event';

/** One `analytics_events` contribution: events of one name and category in one UTC hour. */
export interface HourlyEventCount {
  hour_start: Date;
  event_name: string;
  category: AnalyticsCategory;
  count: number;
}

export type AssetCounterField = (typeof assetEventCounters)[keyof typeof assetEventCounters];

/** One `analytics_asset_popularity` contribution: asset events of one type in one UTC day. */
export interface DailyAssetCounts {
  day: Date;
  asset_type: string;
  generated_count: number;
  viewed_count: number;
  downloaded_count: number;
  shared_count: number;
}

export interface FlushAggregates {
  hourly: HourlyEventCount[];
  assetPopularity: DailyAssetCounts[];
}

/**
 * Sums a batch of raw events into the long-term store's rows: hourly counts per event name and
 * category, and daily counts per asset type of the four asset events (`asset_generated`,
 * `asset_viewed`, `asset_downloaded`, `asset_shared`). Buckets follow the events' own timestamps.
 */
export function aggregateEvents(events: Iterable<StoredAnalyticsEvent>): FlushAggregates {
  const hourly = new Map<string, HourlyEventCount>();
  const daily = new Map<string, DailyAssetCounts>();
  for (const event of events) {
    const hour = hourStart(event.timestamp);
    const hourKey = `${hour}\u0000${event.event_name}\u0000${event.category}`;
    const hourRow = hourly.get(hourKey);
    if (hourRow) {
      hourRow.count += 1;
    } else {
      hourly.set(hourKey, {
        hour_start: new Date(hour),
        event_name: event.event_name,
        category: event.category,
        count: 1,
      });
    }

    if (!event.asset_type || !isAssetEventName(event.event_name)) {
      continue;
    }
    const day = dayStart(event.timestamp);
    const dayKey = `${day}\u0000${event.asset_type}`;
    let dayRow = daily.get(dayKey);
    if (!dayRow) {
      dayRow = {
        day: new Date(day),
        asset_type: event.asset_type,
        generated_count: 0,
        viewed_count: 0,
        downloaded_count: 0,
        shared_count: 0,
      };
      daily.set(dayKey, dayRow);
    }
    dayRow[assetEventCounters[event.event_name]] += 1;
  }
  return { hourly: [...hourly.values()], assetPopularity: [...daily.values()] };
}
