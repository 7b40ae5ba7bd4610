import type { Connection, Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';

/** The `idea_counters` collection: each channel's last idea number (`_id` is the streamer's id). */
export interface IdeaCounterFields {
  seq: number;
}

export type IdeaCounterDocument = StoredDocument<IdeaCounterFields>;

// looked up by `_id` only: no other index
const ideaCounterSchema = defineSchema<IdeaCounterFields>(
  { seq: { type: Number, required: true, min: 0 } },
  { collection: 'idea_counters', timestamps: 'none' },
);

export type IdeaCounterModel = Model<IdeaCounterDocument>;

export function registerIdeaCounterModel(connection: Connection): IdeaCounterModel {
  return connection.model<IdeaCounterDocument>('IdeaCounter', ideaCounterSchema);
}
