import {
  CHANNEL_POINTS_SCOPES,
  type ChannelPointsResponse,
  type RewardDisconnectReason,
  type RewardState,
} from '@aurastream/contract';
import type { PlatformConnectionView } from '../twitch/platform-connection.service';
import type { ChannelPointReward } from './channel-point-reward.repository';
import type { RewardIconFile } from './reward-icons';

const reasonMessages: Record<RewardDisconnectReason, string> = {
  twitch_disconnected: 'Twitch was disconnected from AuraStream. Connect Twitch again to bring the reward back.',
  authorization_revoked:
    'AuraStream’s access was withdrawn on Twitch, so redemptions no longer arrive. Connect Twitch again to bring the reward back.',
  user_removed: 'Twitch says the channel no longer exists.',
  notification_failures_exceeded:
    'Twitch stopped sending redemptions because AuraStream did not answer in time. Turn the reward off and on again.',
  version_removed: 'Twitch retired the kind of subscription AuraStream used. Turn the reward off and on again.',
  reward_deleted_on_twitch: 'The reward was deleted on Twitch. Turn it on again to make a new one.',
  reward_not_owned: 'Twitch says the reward was not made by AuraStream, so AuraStream cannot change it.',
  subscription_failed: 'The reward exists on Twitch, but AuraStream could not subscribe to its redemptions.',
};

function stateMessage(
  state: RewardState,
  reason: RewardDisconnectReason | null,
  lastError: string | null,
): string | null {
  switch (state) {
    case 'off':
      return null;
    case 'active':
      return 'Viewers can redeem the reward; each redemption waits in your idea queue.';
    case 'not_eligible':
      return 'Channel points exist only for Twitch affiliates and partners.';
    case 'disconnected':
      return reason ? reasonMessages[reason] : (lastError ?? 'The reward is disconnected from Twitch.');
  }
}

export function presentChannelPoints(
  reward: ChannelPointReward,
  connection: PlatformConnectionView | null,
  icons: RewardIconFile[],
): ChannelPointsResponse {
  const granted = connection?.status === 'active' ? connection.scopes : [];
  return {
    enabled: reward.enabled,
    title: reward.title,
    cost: reward.cost,
    prompt: reward.prompt,
    global_cooldown_seconds: reward.global_cooldown_seconds,
    max_per_stream: reward.max_per_stream,
    state: reward.state,
    state_reason: reward.state_reason,
    state_message: stateMessage(reward.state, reward.state_reason, reward.last_error),
    last_error: reward.last_error,
    twitch_reward_id: reward.twitch_reward_id,
    twitch_connected: connection?.status === 'active',
    granted_scopes: granted,
    missing_scopes: CHANNEL_POINTS_SCOPES.filter((scope) => !granted.includes(scope)),
    reward_icons: icons,
    updated_at: reward.updated_at?.toISOString() ?? null,
  };
}
