import type { Connection } from 'mongoose';
import type { Config } from '../config';
import type { Feature } from '../feature';
import type { Logger } from '../shared/logger';
import type { EventSubDispatcher } from '../eventsub/eventsub-dispatcher';
import type { TwitchConnectionEvents } from '../twitch/connection-events';
import type { PlatformConnectionView } from '../twitch/platform-connection.service';
import type { TwitchApiClients } from '../twitch/twitch-api-clients';
import type { UserDataOwner } from '../users/user-data-owner';
import type { UserId } from '../users/user.repository';
import { registerChannelPointRewardModel } from './channel-point-reward.model';
import { ChannelPointRewardRepository } from './channel-point-reward.repository';
import { createChannelPointsApi } from './channel-points.api';
import { ChannelPointsService, type RewardStateNotifier, type RewardSubscriptions } from './channel-points.service';
import { HelixRewards } from './helix-rewards';
import type { IdeaIntake } from './idea-port';
import { RedemptionStatusJobs } from './jobs/update-redemption.job';
import { REDEMPTION_ADD_SUBSCRIPTION, RedemptionIntake, redemptionOutcomes } from './redemption-intake';
import { registerRedemptionModel } from './redemption.model';
import { RedemptionRepository } from './redemption.repository';
import type { RewardIconSource } from './reward-icons';
import { createChannelPointsRouter } from './routes';

export interface ChannelPointsFeatureDependencies {
  config: Config;
  connection: Connection;
  logger: Logger;
  clients: TwitchApiClients;
  /** Where redemptions become ideas (the ideas feature's intake). */
  ideas: IdeaIntake;
  eventSub: { dispatcher: EventSubDispatcher; subscriptions: RewardSubscriptions };
  twitchConnection: (owner: UserId) => Promise<PlatformConnectionView | null>;
  connectionEvents: TwitchConnectionEvents;
  icons: RewardIconSource;
  notify: RewardStateNotifier;
}

/**
 * Channel points: the streamer's AuraStream reward on Twitch, its redemptions (EventSub) becoming
 * ideas, and their statuses told back to Twitch as jobs. `outcomes` is the IdeaOutcomeListener the
 * ideas feature calls (rejected/failed/expired → refund, ready → fulfilled).
 */
export function createChannelPointsFeature(deps: ChannelPointsFeatureDependencies) {
  const logger = deps.logger.child({ component: 'channel-points' });
  const rewards = new ChannelPointRewardRepository(registerChannelPointRewardModel(deps.connection));
  const redemptions = new RedemptionRepository(registerRedemptionModel(deps.connection));
  const helix = new HelixRewards(deps.clients);
  const statusJobs = new RedemptionStatusJobs({
    redemptions,
    helix,
    retry: deps.config.jobs,
    logger,
    onSettled: async (redemption, status) => {
      if (redemption.idea_id && deps.ideas.recordRedemptionStatus) {
        await deps.ideas.recordRedemptionStatus(redemption.twitch_broadcaster_id, redemption.idea_id, status);
      }
    },
  });
  const service = new ChannelPointsService({
    rewards,
    helix,
    subscriptions: deps.eventSub.subscriptions,
    connection: deps.twitchConnection,
    notify: deps.notify,
    logger,
  });
  const intake = new RedemptionIntake({ rewards, redemptions, ideas: deps.ideas, statusJobs, logger });
  const { dispatcher } = deps.eventSub;
  // redemptions come in bursts (a streamer asks chat to redeem): handled a batch at a time
  dispatcher.onNotificationBatch(REDEMPTION_ADD_SUBSCRIPTION.type, (notifications) =>
    intake.handleBatch(notifications),
  );
  dispatcher.onRevocation(REDEMPTION_ADD_SUBSCRIPTION.type, async (revocation) => {
    const { broadcaster_user_id: broadcasterId, reward_id: rewardId } = revocation.condition;
    if (typeof broadcasterId !== 'string' || typeof rewardId !== 'string') {
      return { outcome: 'ignored', reason: 'the revocation names no reward' };
    }
    const reward = await rewards.findByTwitchRewardForEvent(broadcasterId, rewardId);
    if (!reward || !(await service.subscriptionRevoked(reward.user_id, rewardId, revocation.reason))) {
      return { outcome: 'ignored', reason: 'unknown reward or channel' };
    }
    logger.warn(
      { userId: reward.user_id, reason: revocation.reason },
      'Twitch revoked a reward’s redemption subscription',
    );
    return { outcome: 'processed' };
  });
  dispatcher.wantSubscriptions(async () =>
    (await rewards.listEnabledForSubscriptions()).map((reward) => ({
      ...REDEMPTION_ADD_SUBSCRIPTION,
      condition: { broadcaster_user_id: reward.twitch_broadcaster_id ?? '', reward_id: reward.twitch_reward_id ?? '' },
    })),
  );
  deps.connectionEvents.listen(async (event) => {
    switch (event.kind) {
      case 'linked':
        return service.restore(event.userId);
      case 'revoked':
        return service.disconnect(
          event.userId,
          event.reason === 'authorization_revoked' ? 'authorization_revoked' : 'twitch_disconnected',
          false,
        );
      case 'disconnected':
        return service.disconnect(event.userId, 'twitch_disconnected', true);
    }
  });
  const api = createChannelPointsApi({ service, connection: deps.twitchConnection, icons: deps.icons });
  const dataOwner: UserDataOwner = {
    name: 'channel-points',
    async deleteAllForUser(userId) {
      await service.disconnect(userId, 'twitch_disconnected', true).catch(() => undefined);
      await rewards.deleteAllForUser(userId);
      await redemptions.deleteAllForUser(userId);
    },
  };
  const feature: Feature = {
    name: 'channel-points',
    routes: (callers) => createChannelPointsRouter({ callers, api }),
    registerJobs(scheduler) {
      statusJobs.register(scheduler);
    },
  };
  return {
    feature,
    api,
    service,
    statusJobs,
    intake,
    outcomes: redemptionOutcomes({ redemptions, statusJobs }),
    dataOwner,
  };
}
