import type { Connection, Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';
import type { SubscriptionStatus, SubscriptionTier, UserRole } from '@aurastream/contract';

/** The `users` collection: the spec's columns plus `role` and session bookkeeping. */
export interface UserFields {
  email: string;
  email_verified: boolean;
  password_hash: string | null;
  display_name: string;
  avatar_url: string | null;
  subscription_tier: SubscriptionTier;
  subscription_status: SubscriptionStatus;
  stripe_customer_id: string | null;
  assets_generated_this_month: number;
  /** Calendar month (`YYYY-MM`, UTC) that `assets_generated_this_month` counts. */
  usage_month: string | null;
  role: UserRole;
  /**
   * The `ADMIN_EMAILS` address that gave this account its `admin` role; the role goes when the
   * account's address is no longer it, no longer verified or no longer listed. Null when the role
   * is `user` or was given by an administrator.
   */
  admin_email_grant: string | null;
  /** Access tokens issued before this instant are refused (password change, reset, deletion). */
  tokens_valid_after: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type UserDocument = StoredDocument<UserFields>;

const userSchema = defineSchema<UserFields>(
  {
    // stored lower-cased, so the unique index is case-insensitive
    email: { type: String, required: true, lowercase: true, trim: true, maxlength: 254 },
    email_verified: { type: Boolean, default: false },
    password_hash: { type: String, default: null },
    display_name: { type: String, required: true, trim: true, maxlength: 50 },
    avatar_url: { type: String, default: null },
    subscription_tier: { type: String, enum: ['free', 'pro', 'studio'], default: 'free' },
    subscription_status: { type: String, enum: ['active', 'past_due', 'canceled', 'none'], default: 'none' },
    stripe_customer_id: { type: String, default: null },
    assets_generated_this_month: { type: Number, default: 0, min: 0 },
    usage_month: { type: String, default: null },
    role: { type: String, enum: ['user', 'admin'], default: 'user' },
    admin_email_grant: { type: String, default: null },
    tokens_valid_after: { type: Date, default: null },
  },
  { collection: 'users' },
);

// sign-in and sign-up look users up by e-mail; one account per address
userSchema.index({ email: 1 }, { unique: true });
// the administrators, checked against ADMIN_EMAILS at every start
userSchema.index({ role: 1 });

export type UserModel = Model<UserDocument>;

export function registerUserModel(connection: Connection): UserModel {
  return connection.model<UserDocument>('User', userSchema);
}
