import { HelixError } from '../http/http';
import type { FakeClock } from './clock';
import { rfc3339, uuid } from './ids';
import type { FakeTwitchUser } from './types';

/** Helix's custom reward (`GET /channel_points/custom_rewards`). */
export interface FakeCustomReward {
  broadcaster_id: string;
  broadcaster_login: string;
  broadcaster_name: string;
  id: string;
  title: string;
  prompt: string;
  cost: number;
  image: { url_1x: string; url_2x: string; url_4x: string } | null;
  default_image: { url_1x: string; url_2x: string; url_4x: string };
  background_color: string;
  is_enabled: boolean;
  is_user_input_required: boolean;
  max_per_stream_setting: { is_enabled: boolean; max_per_stream: number };
  max_per_user_per_stream_setting: { is_enabled: boolean; max_per_user_per_stream: number };
  global_cooldown_setting: { is_enabled: boolean; global_cooldown_seconds: number };
  is_paused: boolean;
  is_in_stock: boolean;
  should_redemptions_skip_request_queue: boolean;
  redemptions_redeemed_current_stream: number | null;
  cooldown_expires_at: string | null;
}

export type RedemptionStatus = 'UNFULFILLED' | 'FULFILLED' | 'CANCELED';

/** Helix's custom reward redemption. */
export interface FakeRedemption {
  broadcaster_id: string;
  broadcaster_login: string;
  broadcaster_name: string;
  id: string;
  user_id: string;
  user_login: string;
  user_name: string;
  user_input: string;
  status: RedemptionStatus;
  redeemed_at: string;
  reward: { id: string; title: string; prompt: string; cost: number };
}

/** A reward and the app that created it (null: made on Twitch's own channel-points page). */
interface StoredReward {
  reward: FakeCustomReward;
  clientId: string | null;
}

export interface RewardSnapshot {
  rewards: StoredReward[];
  redemptions: FakeRedemption[];
}

/** Twitch's cap, counting enabled and disabled rewards. */
export const MAX_REWARDS_PER_CHANNEL = 50;
const MAX_COOLDOWN_SECONDS = 604_800;
const defaultImage = {
  url_1x: 'https://static-cdn.jtvnw.net/custom-reward-images/default-1.png',
  url_2x: 'https://static-cdn.jtvnw.net/custom-reward-images/default-2.png',
  url_4x: 'https://static-cdn.jtvnw.net/custom-reward-images/default-4.png',
};

type Body = Record<string, unknown>;

function optional<T>(body: Body, field: string, kind: 'string' | 'number' | 'boolean'): T | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== kind || (kind === 'number' && !Number.isInteger(value))) {
    throw new HelixError(400, `The ${field} field must be ${kind === 'number' ? 'an integer' : `a ${kind}`}`);
  }
  return value as T;
}

/** Channel points custom rewards and redemptions, with Twitch's rules for both. */
export class RewardStore {
  private readonly rewards = new Map<string, StoredReward>();
  private readonly redemptions = new Map<string, FakeRedemption>();

  constructor(private readonly clock: FakeClock) {}

  forChannel(broadcasterId: string): { reward: FakeCustomReward; clientId: string | null }[] {
    return [...this.rewards.values()].filter((stored) => stored.reward.broadcaster_id === broadcasterId);
  }

  find(broadcasterId: string, rewardId: string): { reward: FakeCustomReward; clientId: string | null } | undefined {
    const stored = this.rewards.get(rewardId);
    return stored?.reward.broadcaster_id === broadcasterId ? stored : undefined;
  }

  /** Creates a reward as `clientId` (null: as the streamer on Twitch's own page). */
  create(broadcaster: FakeTwitchUser, clientId: string | null, body: Body): FakeCustomReward {
    if (!broadcaster.broadcaster_type) {
      throw new HelixError(403, 'The broadcaster is not a partner or affiliate');
    }
    if (this.forChannel(broadcaster.id).length >= MAX_REWARDS_PER_CHANNEL) {
      throw new HelixError(
        400,
        `The broadcaster already has the maximum of ${MAX_REWARDS_PER_CHANNEL} custom rewards (enabled and disabled)`,
      );
    }
    const title = optional<string>(body, 'title', 'string');
    const cost = optional<number>(body, 'cost', 'number');
    if (!title || title.trim() === '') {
      throw new HelixError(400, 'Missing required parameter "title"');
    }
    if (cost === undefined) {
      throw new HelixError(400, 'Missing required parameter "cost"');
    }
    const reward: FakeCustomReward = {
      broadcaster_id: broadcaster.id,
      broadcaster_login: broadcaster.login,
      broadcaster_name: broadcaster.display_name,
      id: uuid(),
      title,
      prompt: '',
      cost,
      image: null,
      default_image: defaultImage,
      background_color: '#00E5CB',
      is_enabled: true,
      is_user_input_required: false,
      max_per_stream_setting: { is_enabled: false, max_per_stream: 0 },
      max_per_user_per_stream_setting: { is_enabled: false, max_per_user_per_stream: 0 },
      global_cooldown_setting: { is_enabled: false, global_cooldown_seconds: 0 },
      is_paused: false,
      is_in_stock: true,
      should_redemptions_skip_request_queue: false,
      redemptions_redeemed_current_stream: null,
      cooldown_expires_at: null,
    };
    this.apply(reward, body, 'CREATE');
    this.rewards.set(reward.id, { reward, clientId });
    return reward;
  }

  /** Only the app that created a reward may change it. */
  update(broadcasterId: string, rewardId: string, clientId: string, body: Body): FakeCustomReward {
    const stored = this.manageable(broadcasterId, rewardId, clientId);
    const next = structuredClone(stored.reward);
    this.apply(next, body, 'UPDATE');
    stored.reward = next;
    return next;
  }

  delete(broadcasterId: string, rewardId: string, clientId: string): void {
    this.manageable(broadcasterId, rewardId, clientId);
    this.rewards.delete(rewardId);
  }

  /** The reward, if `clientId` created it: 404 when it does not exist, 403 when another app did. */
  manageable(broadcasterId: string, rewardId: string, clientId: string): StoredReward {
    const stored = this.find(broadcasterId, rewardId);
    if (!stored) {
      throw new HelixError(404, 'The custom reward specified in the id query parameter was not found');
    }
    if (stored.clientId !== clientId) {
      throw new HelixError(
        403,
        'The ID in the Client-Id header must match the client ID used to create the custom reward',
      );
    }
    return stored;
  }

  /** Applies a create or update body with Twitch's validation. */
  private apply(reward: FakeCustomReward, body: Body, operation: 'CREATE' | 'UPDATE'): void {
    const title = optional<string>(body, 'title', 'string');
    if (title !== undefined) {
      const trimmed = title.trim();
      if (trimmed === '' || trimmed.length > 45) {
        throw new HelixError(400, 'The title field must contain 1 to 45 characters');
      }
      const duplicate = this.forChannel(reward.broadcaster_id).some(
        (other) => other.reward.id !== reward.id && other.reward.title.toLowerCase() === trimmed.toLowerCase(),
      );
      if (duplicate) {
        throw new HelixError(400, `${operation}_CUSTOM_REWARD_DUPLICATE_REWARD`);
      }
      reward.title = trimmed;
    }
    const cost = optional<number>(body, 'cost', 'number');
    if (cost !== undefined) {
      if (cost < 1) {
        throw new HelixError(400, 'The cost field must be at least 1');
      }
      reward.cost = cost;
    }
    const prompt = optional<string>(body, 'prompt', 'string');
    if (prompt !== undefined) {
      if (prompt.length > 200) {
        throw new HelixError(400, 'The prompt field may contain at most 200 characters');
      }
      reward.prompt = prompt;
    }
    const color = optional<string>(body, 'background_color', 'string');
    if (color !== undefined) {
      if (!/^#[0-9A-Fa-f]{6}$/.test(color)) {
        throw new HelixError(400, 'The background_color field must be a hex colour such as #9147FF');
      }
      reward.background_color = color.toUpperCase();
    }
    reward.is_enabled = optional<boolean>(body, 'is_enabled', 'boolean') ?? reward.is_enabled;
    reward.is_user_input_required =
      optional<boolean>(body, 'is_user_input_required', 'boolean') ?? reward.is_user_input_required;
    reward.should_redemptions_skip_request_queue =
      optional<boolean>(body, 'should_redemptions_skip_request_queue', 'boolean') ??
      reward.should_redemptions_skip_request_queue;
    if (operation === 'UPDATE') {
      reward.is_paused = optional<boolean>(body, 'is_paused', 'boolean') ?? reward.is_paused;
    }
    const limit = (enabledField: string, valueField: string, min: number, max: number) => {
      const enabled = optional<boolean>(body, enabledField, 'boolean');
      const value = optional<number>(body, valueField, 'number');
      if (enabled === true && (value === undefined || value < min || value > max)) {
        throw new HelixError(400, `The ${valueField} field must be from ${min} to ${max} when ${enabledField} is true`);
      }
      return { enabled, value };
    };
    const perStream = limit('is_max_per_stream_enabled', 'max_per_stream', 1, Number.MAX_SAFE_INTEGER);
    if (perStream.enabled !== undefined) {
      reward.max_per_stream_setting = {
        is_enabled: perStream.enabled,
        max_per_stream: perStream.enabled ? (perStream.value ?? 0) : 0,
      };
    }
    const perUser = limit('is_max_per_user_per_stream_enabled', 'max_per_user_per_stream', 1, Number.MAX_SAFE_INTEGER);
    if (perUser.enabled !== undefined) {
      reward.max_per_user_per_stream_setting = {
        is_enabled: perUser.enabled,
        max_per_user_per_stream: perUser.enabled ? (perUser.value ?? 0) : 0,
      };
    }
    const cooldown = limit('is_global_cooldown_enabled', 'global_cooldown_seconds', 1, MAX_COOLDOWN_SECONDS);
    if (cooldown.enabled !== undefined) {
      reward.global_cooldown_setting = {
        is_enabled: cooldown.enabled,
        global_cooldown_seconds: cooldown.enabled ? (cooldown.value ?? 0) : 0,
      };
    }
  }

  /**
   * A viewer redeems a reward: refused when the reward is disabled, paused, out of stock or cooling
   * down, or asks for input the viewer did not give (Twitch's own UI would not let them).
   */
  redeem(broadcasterId: string, rewardId: string, viewer: FakeTwitchUser, userInput: string): FakeRedemption {
    const stored = this.find(broadcasterId, rewardId);
    if (!stored) {
      throw new Error(`Channel ${broadcasterId} has no custom reward ${rewardId}`);
    }
    const { reward } = stored;
    const now = this.clock.now();
    if (!reward.is_enabled || reward.is_paused) {
      throw new Error(`The reward "${reward.title}" is ${reward.is_paused ? 'paused' : 'disabled'}`);
    }
    if (reward.cooldown_expires_at && Date.parse(reward.cooldown_expires_at) > now) {
      throw new Error(`The reward "${reward.title}" is on cooldown until ${reward.cooldown_expires_at}`);
    }
    const redeemed = [...this.redemptions.values()].filter((redemption) => redemption.reward.id === reward.id);
    if (reward.max_per_stream_setting.is_enabled && redeemed.length >= reward.max_per_stream_setting.max_per_stream) {
      throw new Error(`The reward "${reward.title}" is out of stock for this stream`);
    }
    const byViewer = redeemed.filter((redemption) => redemption.user_id === viewer.id).length;
    const perUser = reward.max_per_user_per_stream_setting;
    if (perUser.is_enabled && byViewer >= perUser.max_per_user_per_stream) {
      throw new Error(`${viewer.login} already redeemed "${reward.title}" as often as a viewer may this stream`);
    }
    if (reward.is_user_input_required && userInput.trim() === '') {
      throw new Error(`The reward "${reward.title}" asks the viewer for text`);
    }
    const redemption: FakeRedemption = {
      broadcaster_id: reward.broadcaster_id,
      broadcaster_login: reward.broadcaster_login,
      broadcaster_name: reward.broadcaster_name,
      id: uuid(),
      user_id: viewer.id,
      user_login: viewer.login,
      user_name: viewer.display_name,
      user_input: reward.is_user_input_required ? userInput : '',
      status: reward.should_redemptions_skip_request_queue ? 'FULFILLED' : 'UNFULFILLED',
      redeemed_at: rfc3339(now),
      reward: { id: reward.id, title: reward.title, prompt: reward.prompt, cost: reward.cost },
    };
    this.redemptions.set(redemption.id, redemption);
    reward.redemptions_redeemed_current_stream = redeemed.length + 1;
    if (reward.global_cooldown_setting.is_enabled) {
      reward.cooldown_expires_at = new Date(
        now + reward.global_cooldown_setting.global_cooldown_seconds * 1000,
      ).toISOString();
    }
    const perStream = reward.max_per_stream_setting;
    reward.is_in_stock = !perStream.is_enabled || redeemed.length + 1 < perStream.max_per_stream;
    return redemption;
  }

  redemptionsOf(rewardId: string): FakeRedemption[] {
    return [...this.redemptions.values()].filter((redemption) => redemption.reward.id === rewardId);
  }

  /** Sets FULFILLED or CANCELED on those of `ids` still UNFULFILLED; returns the ones it changed. */
  setStatus(rewardId: string, ids: string[], status: 'FULFILLED' | 'CANCELED'): FakeRedemption[] {
    const changed: FakeRedemption[] = [];
    for (const id of ids) {
      const redemption = this.redemptions.get(id);
      if (redemption?.reward.id === rewardId && redemption.status === 'UNFULFILLED') {
        redemption.status = status;
        changed.push(redemption);
      }
    }
    return changed;
  }

  snapshot(): RewardSnapshot {
    return { rewards: [...this.rewards.values()], redemptions: [...this.redemptions.values()] };
  }

  restore(snapshot: RewardSnapshot): void {
    snapshot.rewards.forEach((stored) => this.rewards.set(stored.reward.id, stored));
    snapshot.redemptions.forEach((redemption) => this.redemptions.set(redemption.id, redemption));
  }
}
