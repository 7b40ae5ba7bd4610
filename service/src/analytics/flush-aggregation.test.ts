import { expect } from 'chai';
import { aggregateEvents } from './flush-aggregation';
import { decodeStoredEvent, encodeStoredEvent, type StoredAnalyticsEvent } from './stored-event';

let sequence = 0;
function event(overrides: Partial<StoredAnalyticsEvent>): StoredAnalyticsEvent {
  sequence += 1;
  return {
    id: `request:${sequence}`,
    event_name: 'page_view',
    category: 'page',
    timestamp: Date.parse('2025-03-10T14:05:00Z'),
    session_id: 'session-0001',
    user_id: null,
    asset_type: null,
    properties: {},
    received_at: Date.parse('2025-03-10T14:05:01Z'),
    ...overrides,
  };
}

describe('aggregateEvents', () => {
  it('counts events per UTC hour of their timestamp, name and category', () => {
    const { hourly } = aggregateEvents([
      event({}),
      event({ timestamp: Date.parse('2025-03-10T14:59:59.999Z') }),
      event({ timestamp: Date.parse('2025-03-10T15:00:00Z') }),
      event({ event_name: 'wizard_step', category: 'wizard' }),
      event({ event_name: 'page_view', category: 'error' }),
    ]);
    expect(hourly).to.deep.equal([
      { hour_start: new Date('2025-03-10T14:00:00Z'), event_name: 'page_view', category: 'page', count: 2 },
      { hour_start: new Date('2025-03-10T15:00:00Z'), event_name: 'page_view', category: 'page', count: 1 },
      { hour_start: new Date('2025-03-10T14:00:00Z'), event_name: 'wizard_step', category: 'wizard', count: 1 },
      { hour_start: new Date('2025-03-10T14:00:00Z'), event_name: 'page_view', category: 'error', count: 1 },
    ]);
  });

  it('counts the four asset events per UTC day and asset type', () => {
    const { assetPopularity } = aggregateEvents([
      event({ event_name: 'asset_generated', category: 'feature', asset_type: 'twitch_emote' }),
      event({ event_name: 'asset_generated', category: 'feature', asset_type: 'twitch_emote' }),
      event({ event_name: 'asset_viewed', category: 'user_action', asset_type: 'twitch_emote' }),
      event({ event_name: 'asset_downloaded', category: 'user_action', asset_type: 'overlay' }),
      event({
        event_name: 'asset_shared',
        category: 'user_action',
        asset_type: 'overlay',
        timestamp: Date.parse('2025-03-11T00:00:00Z'),
      }),
      // not an asset event, even with an asset type; and an asset event without a type
      event({ event_name: 'page_view', asset_type: 'overlay' }),
      event({ event_name: 'asset_viewed', asset_type: null }),
    ]);
    expect(assetPopularity).to.deep.equal([
      {
        day: new Date('2025-03-10T00:00:00Z'),
        asset_type: 'twitch_emote',
        generated_count: 2,
        viewed_count: 1,
        downloaded_count: 0,
        shared_count: 0,
      },
      {
        day: new Date('2025-03-10T00:00:00Z'),
        asset_type: 'overlay',
        generated_count: 0,
        viewed_count: 0,
        downloaded_count: 1,
        shared_count: 0,
      },
      {
        day: new Date('2025-03-11T00:00:00Z'),
        asset_type: 'overlay',
        generated_count: 0,
        viewed_count: 0,
        downloaded_count: 0,
        shared_count: 1,
      },
    ]);
  });

  it('gives nothing for no events', () => {
    expect(aggregateEvents([])).to.deep.equal({ hourly: [], assetPopularity: [] });
  });
});

describe('stored events', () => {
  it('round-trip through their Redis member text', () => {
    const original = event({ user_id: 'user-1', properties: { step: 2, ok: true, note: null } });
    expect(decodeStoredEvent(encodeStoredEvent(original))).to.deep.equal(original);
  });

  it('decode to null from anything that is not an event', () => {
    for (const member of [
      'not json',
      'null',
      '{"event_name":"x"}',
      '["id","x","page","soon","s",null,null,{},1]',
      '[1,2]',
    ]) {
      expect(decodeStoredEvent(member)).to.equal(null);
    }
  });
});
