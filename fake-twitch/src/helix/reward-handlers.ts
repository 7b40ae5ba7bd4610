import { HelixError, type FakeRequest, type FakeResponse } from '../http/http';
import type { FakeRedemption, RewardStore } from '../world/rewards';
import type { FakeWorld } from '../world/world';
import { requireBroadcaster, requireScope, type HelixCaller } from './helix-auth';
import { page } from './pagination';

const READ = ['channel:read:redemptions', 'channel:manage:redemptions'];
const MANAGE = ['channel:manage:redemptions'];
const MAX_IDS = 50;
const statuses = ['UNFULFILLED', 'FULFILLED', 'CANCELED'];

export interface RewardHandlerDeps {
  world: FakeWorld;
  rewards: RewardStore;
  /** A redemption's status changed (EventSub `…redemption.update`). */
  redemptionUpdated(redemption: FakeRedemption): void;
  changed(): void;
}

function jsonBody(req: FakeRequest): Record<string, unknown> {
  if (req.jsonInvalid || !req.json || typeof req.json !== 'object' || Array.isArray(req.json)) {
    throw new HelixError(400, 'The request body must be a JSON object');
  }
  return req.json as Record<string, unknown>;
}

/**
 * Channel Points: custom rewards and their redemptions (`/channel_points/custom_rewards[/redemptions]`),
 * only with the broadcaster's own user token and only for affiliates and partners.
 */
export class RewardHandlers {
  constructor(private readonly deps: RewardHandlerDeps) {}

  private broadcaster(req: FakeRequest, caller: HelixCaller, scopes: string[]) {
    requireScope(caller, scopes);
    const broadcasterId = requireBroadcaster(caller, req);
    const broadcaster = this.deps.world.user(broadcasterId);
    if (!broadcaster.broadcaster_type) {
      throw new HelixError(403, 'The broadcaster is not a partner or affiliate');
    }
    return broadcaster;
  }

  list(req: FakeRequest, caller: HelixCaller): FakeResponse {
    const broadcaster = this.broadcaster(req, caller, READ);
    const ids = req.query.getAll('id');
    if (ids.length > MAX_IDS) {
      throw new HelixError(400, 'You may specify a maximum of 50 id parameters');
    }
    const onlyManageable = req.query.get('only_manageable_rewards') === 'true';
    const rewards = this.deps.rewards
      .forChannel(broadcaster.id)
      .filter((stored) => !onlyManageable || stored.clientId === caller.clientId)
      .filter((stored) => ids.length === 0 || ids.includes(stored.reward.id))
      .map((stored) => stored.reward);
    if (ids.length > 0 && rewards.length === 0) {
      throw new HelixError(404, 'All of the custom rewards specified in the id query parameter were not found');
    }
    return { status: 200, json: { data: rewards } };
  }

  create(req: FakeRequest, caller: HelixCaller): FakeResponse {
    requireScope(caller, MANAGE);
    const broadcaster = this.deps.world.user(requireBroadcaster(caller, req));
    const reward = this.deps.rewards.create(broadcaster, caller.clientId, jsonBody(req));
    this.deps.changed();
    return { status: 200, json: { data: [reward] } };
  }

  update(req: FakeRequest, caller: HelixCaller): FakeResponse {
    const broadcaster = this.broadcaster(req, caller, MANAGE);
    const id = req.query.get('id');
    if (!id) {
      throw new HelixError(400, 'Missing required parameter "id"');
    }
    const reward = this.deps.rewards.update(broadcaster.id, id, caller.clientId, jsonBody(req));
    this.deps.changed();
    return { status: 200, json: { data: [reward] } };
  }

  delete(req: FakeRequest, caller: HelixCaller): FakeResponse {
    const broadcaster = this.broadcaster(req, caller, MANAGE);
    const id = req.query.get('id');
    if (!id) {
      throw new HelixError(400, 'Missing required parameter "id"');
    }
    this.deps.rewards.delete(broadcaster.id, id, caller.clientId);
    this.deps.changed();
    return { status: 204 };
  }

  redemptions(req: FakeRequest, caller: HelixCaller): FakeResponse {
    const broadcaster = this.broadcaster(req, caller, READ);
    const rewardId = req.query.get('reward_id');
    if (!rewardId) {
      throw new HelixError(400, 'Missing required parameter "reward_id"');
    }
    this.deps.rewards.manageable(broadcaster.id, rewardId, caller.clientId);
    const ids = req.query.getAll('id');
    const status = req.query.get('status');
    if (ids.length > MAX_IDS) {
      throw new HelixError(400, 'You may specify a maximum of 50 id parameters');
    }
    if (ids.length === 0 && !status) {
      throw new HelixError(400, "The status query parameter is required if you didn't specify the id query parameter");
    }
    if (status && !statuses.includes(status)) {
      throw new HelixError(400, 'The status query parameter must be CANCELED, FULFILLED or UNFULFILLED');
    }
    const sort = req.query.get('sort') ?? 'OLDEST';
    if (!['OLDEST', 'NEWEST'].includes(sort)) {
      throw new HelixError(400, 'The sort query parameter must be OLDEST or NEWEST');
    }
    const found = this.deps.rewards
      .redemptionsOf(rewardId)
      .filter((redemption) => ids.length === 0 || ids.includes(redemption.id))
      .filter((redemption) => !status || redemption.status === status)
      .sort((a, b) => a.redeemed_at.localeCompare(b.redeemed_at) * (sort === 'NEWEST' ? -1 : 1));
    return page(found, req, { fallback: 20, max: 50 });
  }

  /** Only UNFULFILLED redemptions change; none of the ids changing is a 404, as at Twitch. */
  updateRedemptions(req: FakeRequest, caller: HelixCaller): FakeResponse {
    const broadcaster = this.broadcaster(req, caller, MANAGE);
    const rewardId = req.query.get('reward_id');
    const ids = req.query.getAll('id');
    if (!rewardId) {
      throw new HelixError(400, 'Missing required parameter "reward_id"');
    }
    if (ids.length === 0 || ids.length > MAX_IDS) {
      throw new HelixError(400, 'Specify from 1 to 50 id parameters');
    }
    const status = jsonBody(req).status;
    if (status !== 'FULFILLED' && status !== 'CANCELED') {
      throw new HelixError(400, 'The status field must be CANCELED or FULFILLED');
    }
    this.deps.rewards.manageable(broadcaster.id, rewardId, caller.clientId);
    const changed = this.deps.rewards.setStatus(rewardId, ids, status);
    if (changed.length === 0) {
      throw new HelixError(
        404,
        'The redemptions specified in the id query parameter were not found or their status is not UNFULFILLED',
      );
    }
    this.deps.changed();
    changed.forEach((redemption) => this.deps.redemptionUpdated(redemption));
    return { status: 200, json: { data: changed } };
  }
}
