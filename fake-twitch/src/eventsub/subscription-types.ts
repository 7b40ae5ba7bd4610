/** What a subscription type needs before Twitch accepts it, as Twitch's EventSub reference lists it. */
export interface SubscriptionTypeSpec {
  type: string;
  version: string;
  requiredCondition: string[];
  optionalCondition: string[];
  /**
   * The user whose authorization the subscription needs and the scopes (any one of them) they must
   * have granted the app; null: no authorization (e.g. `user.authorization.revoke`).
   */
  authorization: { userField: string; anyOf: string[] } | null;
}

const redemptionScopes = ['channel:read:redemptions', 'channel:manage:redemptions'];

/** The types the fake delivers. Others answer 400, like an unknown type and version at Twitch. */
export const subscriptionTypes: SubscriptionTypeSpec[] = [
  {
    type: 'channel.channel_points_custom_reward_redemption.add',
    version: '1',
    requiredCondition: ['broadcaster_user_id'],
    optionalCondition: ['reward_id'],
    authorization: { userField: 'broadcaster_user_id', anyOf: redemptionScopes },
  },
  {
    type: 'channel.channel_points_custom_reward_redemption.update',
    version: '1',
    requiredCondition: ['broadcaster_user_id'],
    optionalCondition: ['reward_id'],
    authorization: { userField: 'broadcaster_user_id', anyOf: redemptionScopes },
  },
  {
    // the chatting user's user:read:chat (+ user:bot with an app token) and the broadcaster's
    // channel:bot or the chatting user's moderator status: checked in chatMessageAuthorization
    type: 'channel.chat.message',
    version: '1',
    requiredCondition: ['broadcaster_user_id', 'user_id'],
    optionalCondition: [],
    authorization: { userField: 'user_id', anyOf: ['user:read:chat'] },
  },
  {
    type: 'user.authorization.revoke',
    version: '1',
    requiredCondition: ['client_id'],
    optionalCondition: [],
    authorization: null,
  },
  {
    type: 'user.authorization.grant',
    version: '1',
    requiredCondition: ['client_id'],
    optionalCondition: [],
    authorization: null,
  },
];

export function findSubscriptionType(type: string, version: string): SubscriptionTypeSpec | undefined {
  return subscriptionTypes.find((spec) => spec.type === type && spec.version === version);
}

export interface AuthorizationFacts {
  grantedScopes(userId: string): Set<string>;
  isModerator(channelId: string, userId: string): boolean;
}

/**
 * Whether the users in the condition authorized the app as the type requires; the reason when not.
 * Webhooks use an app access token, so `channel.chat.message` also needs the reader's `user:bot`
 * and the broadcaster's `channel:bot` unless the reader moderates the channel or is its broadcaster.
 */
export function missingAuthorization(
  spec: SubscriptionTypeSpec,
  condition: Record<string, string>,
  facts: AuthorizationFacts,
): string | null {
  if (!spec.authorization) {
    return null;
  }
  const userId = condition[spec.authorization.userField] ?? '';
  const granted = facts.grantedScopes(userId);
  if (!spec.authorization.anyOf.some((scope) => granted.has(scope))) {
    return `subscription missing proper authorization: user ${userId} has not granted ${spec.authorization.anyOf.join(' or ')}`;
  }
  if (spec.type === 'channel.chat.message') {
    const broadcasterId = condition.broadcaster_user_id ?? '';
    if (!granted.has('user:bot')) {
      return `subscription missing proper authorization: user ${userId} has not granted user:bot`;
    }
    const isPrivileged = userId === broadcasterId || facts.isModerator(broadcasterId, userId);
    if (!isPrivileged && !facts.grantedScopes(broadcasterId).has('channel:bot')) {
      return `subscription missing proper authorization: broadcaster ${broadcasterId} has not granted channel:bot and ${userId} is not a moderator`;
    }
  }
  return null;
}
