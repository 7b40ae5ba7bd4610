import type { Connection, Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';

/** The `idea_votes` collection: one row per vote, written behind the exact count kept in Redis. */
export interface IdeaVoteFields {
  user_id: string;
  idea_id: string;
  voter_key: string;
  created_at: Date;
}

export type IdeaVoteDocument = StoredDocument<IdeaVoteFields>;

const ideaVoteSchema = defineSchema<IdeaVoteFields>(
  {
    user_id: { type: String, required: true },
    idea_id: { type: String, required: true },
    voter_key: { type: String, required: true },
    created_at: { type: Date, required: true },
  },
  { collection: 'idea_votes', timestamps: 'none' },
);

// one vote per viewer and idea; a replayed batch of votes writes nothing twice
ideaVoteSchema.index({ idea_id: 1, voter_key: 1 }, { unique: true });
// an idea's votes, deleted with it; a channel's, deleted with the account
ideaVoteSchema.index({ user_id: 1, idea_id: 1 });

export type IdeaVoteModel = Model<IdeaVoteDocument>;

export function registerIdeaVoteModel(connection: Connection): IdeaVoteModel {
  return connection.model<IdeaVoteDocument>('IdeaVote', ideaVoteSchema);
}
