import type { UserResponse } from '@aurastream/contract';
import type { User } from './user.repository';

/** `YYYY-MM` of a date in UTC: the month `assets_generated_this_month` counts. */
export function usageMonthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/**
 * A user as the API shows them: the spec's UserResponse plus `role`. The monthly counter reads 0
 * once a new month began, even before the next generation resets it in the database.
 */
export function presentUser(user: User, now = new Date()): UserResponse {
  const countsThisMonth = user.usage_month === null || user.usage_month === usageMonthOf(now);
  return {
    id: user.id,
    email: user.email,
    email_verified: user.email_verified,
    display_name: user.display_name,
    avatar_url: user.avatar_url,
    subscription_tier: user.subscription_tier,
    subscription_status: user.subscription_status,
    assets_generated_this_month: countsThisMonth ? user.assets_generated_this_month : 0,
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
    role: user.role,
  };
}
