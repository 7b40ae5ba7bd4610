import type { channelPointsEndpoints, ChannelPointsResponse, EndpointBody } from '@aurastream/contract';
import type { Actor } from '../auth/principal';
import type { PlatformConnectionView } from '../twitch/platform-connection.service';
import type { UserId } from '../users/user.repository';
import type { ChannelPointsService } from './channel-points.service';
import { presentChannelPoints } from './channel-points.presenter';
import type { RewardIconSource } from './reward-icons';

type Endpoints = typeof channelPointsEndpoints;

/** The streamer's channel-point reward, free of HTTP. */
export interface ChannelPointsApi {
  get(principal: Actor): Promise<ChannelPointsResponse>;
  update(principal: Actor, changes: EndpointBody<Endpoints['update']>): Promise<ChannelPointsResponse>;
}

export function createChannelPointsApi(deps: {
  service: ChannelPointsService;
  connection: (owner: UserId) => Promise<PlatformConnectionView | null>;
  icons: RewardIconSource;
}): ChannelPointsApi {
  const present = async (owner: UserId, reward: Awaited<ReturnType<ChannelPointsService['get']>>) =>
    presentChannelPoints(reward, await deps.connection(owner), await deps.icons.newest(owner));
  return {
    get: async (principal) => present(principal.id, await deps.service.get(principal.id)),
    update: async (principal, changes) => present(principal.id, await deps.service.update(principal.id, changes)),
  };
}
