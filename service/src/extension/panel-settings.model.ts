import type { Connection, Model } from 'mongoose';
import type { PanelView } from '@aurastream/contract';
import { defineSchema, type StoredDocument } from '../db/model';

/** The `extension_panel_settings` collection: one row per streamer who chose the panel's views. */
export interface PanelSettingsFields {
  user_id: string;
  views: PanelView[];
  created_at: Date;
  updated_at: Date;
}

export type PanelSettingsDocument = StoredDocument<PanelSettingsFields>;

const panelSettingsSchema = defineSchema<PanelSettingsFields>(
  {
    user_id: { type: String, required: true },
    views: { type: [String], enum: ['showcase', 'ideas', 'live'], required: true },
  },
  { collection: 'extension_panel_settings' },
);

// every read and write: one streamer's panel
panelSettingsSchema.index({ user_id: 1 }, { unique: true });

export type PanelSettingsModel = Model<PanelSettingsDocument>;

export function registerPanelSettingsModel(connection: Connection): PanelSettingsModel {
  return connection.model<PanelSettingsDocument>('PanelSettings', panelSettingsSchema);
}
