import { errorCodes, type SubscriptionTier } from '@aurastream/contract';
import { TierLimitError } from '../shared/errors';
import type { UserId } from '../users/user.repository';
import type { UsageLedger } from './dependencies';

/** The calendar month (UTC) usage counts in, `YYYY-MM`. */
export function usageMonthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The first instant of the month after `date` (UTC), when the counter starts again. */
export function nextMonthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

/**
 * The tier's monthly asset quota. One unit is one design: a variation of an asset type, delivered at
 * every size its type needs. Units are reserved when a job is queued and given back for what a job
 * did not make (failure or cancellation).
 */
export class MonthlyQuota {
  constructor(
    private readonly ledger: UsageLedger,
    private readonly limits: Readonly<Record<SubscriptionTier, number>>,
  ) {}

  /** Reserves `units` in the current month; throws 403 `monthly_quota_exceeded` with the numbers. */
  async reserve(
    user: { id: UserId; tier: SubscriptionTier },
    units: number,
    now = new Date(),
  ): Promise<{ month: string }> {
    const month = usageMonthOf(now);
    const limit = this.limits[user.tier];
    const reserved = await this.ledger.reserveMonthlyAssets(user.id, month, units, limit);
    if (reserved) {
      return { month };
    }
    const current = await this.ledger.findById(user.id);
    const used = current?.usage_month === month ? current.assets_generated_this_month : 0;
    throw new TierLimitError(
      `This would make ${units} asset${units === 1 ? '' : 's'}, but your ${user.tier} plan has ` +
        `${Math.max(0, limit - used)} of ${limit} left this month`,
      errorCodes.monthlyQuotaExceeded,
      {
        tier: user.tier,
        limit,
        used,
        requested: units,
        remaining: Math.max(0, limit - used),
        month,
        resets_at: nextMonthStart(now).toISOString(),
      },
    );
  }

  /** Gives back units a job did not use; a no-op once the month has turned over. */
  async release(userId: UserId, month: string | null, units: number): Promise<void> {
    if (month && units > 0) {
      await this.ledger.releaseMonthlyAssets(userId, month, units);
    }
  }
}
