import { AnalyticsTracker, type AnyAssetType } from '@aurastream/contract/extension';
import { apiBaseUrl } from './api';

/**
 * Viewers' anonymous usage of the panel. The Twitch JWT is never sent with events (it is no
 * AuraStream session); the service rate-limits anonymous senders per IP.
 */
export class PanelAnalytics {
  private readonly tracker = new AnalyticsTracker({ baseUrl: apiBaseUrl });
  private viewed = false;

  /** Once per page load, when the showcase first shows. */
  panelViewed(properties: { designs: number; theme: string; state: 'showcase' | 'empty' }): void {
    if (this.viewed) {
      return;
    }
    this.viewed = true;
    this.tracker.track({ eventName: 'extension_panel_viewed', category: 'page', properties });
  }

  filterSelected(group: string): void {
    this.tracker.track({ eventName: 'extension_filter_selected', category: 'user_action', properties: { group } });
  }

  designOpened(assetType: AnyAssetType): void {
    this.tracker.trackAsset('asset_viewed', assetType, { surface: 'twitch_extension' });
  }
}
