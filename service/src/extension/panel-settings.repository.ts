import { PANEL_VIEWS, type PanelView } from '@aurastream/contract';
import type { UserDataOwner } from '../users/user-data-owner';
import type { UserId } from '../users/user.repository';
import type { PanelSettingsDocument, PanelSettingsModel } from './panel-settings.model';

/** Every view, in the panel's order, until the streamer picks. */
export const DEFAULT_PANEL_VIEWS: readonly PanelView[] = PANEL_VIEWS;

/** Which views a streamer's panel shows (`extension_panel_settings`); every method takes the streamer. */
export class PanelSettingsRepository implements UserDataOwner {
  readonly name = 'extension-panel-settings';

  constructor(private readonly model: PanelSettingsModel) {}

  async viewsOf(owner: UserId): Promise<PanelView[]> {
    const document = await this.model.findOne({ user_id: owner }).lean<PanelSettingsDocument>();
    return document ? document.views : [...DEFAULT_PANEL_VIEWS];
  }

  async saveViews(owner: UserId, views: PanelView[]): Promise<PanelView[]> {
    const document = await this.model
      .findOneAndUpdate(
        { user_id: owner },
        { $set: { views }, $setOnInsert: { user_id: owner } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<PanelSettingsDocument>();
    return document?.views ?? views;
  }

  async deleteAllForUser(owner: UserId): Promise<void> {
    await this.model.deleteMany({ user_id: owner });
  }
}
