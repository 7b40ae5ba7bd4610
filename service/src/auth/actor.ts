import type { SubscriptionTier, UserRole } from '@aurastream/contract';
import type { UserId } from '../users/user.repository';

/** Who is asking: the authenticated user behind a request, as every feature sees them. */
export interface Actor {
  readonly kind: 'user';
  id: UserId;
  email: string;
  /** `admin` for administrators: the same kind of caller, allowed more. */
  role: UserRole;
  tier: SubscriptionTier;
  /** The signed-in session (refresh-token family) the access token belongs to. */
  sessionId: string;
  /** When the access token stops working (a live connection is re-checked then). */
  accessTokenExpiresAt: Date;
}
