import type { FakeClock } from './clock';
import { numericId } from './ids';
import type {
  BroadcasterType,
  ChannelRole,
  FakeChannelRoles,
  FakeTwitchChannel,
  FakeTwitchGame,
  FakeTwitchStream,
  FakeTwitchUser,
  SubscriptionTier,
} from './types';

export interface FakeTwitchUserInput {
  login: string;
  id?: string;
  display_name?: string;
  /** The account's address; null for an account without one. Default `<login>@example.test`. */
  email?: string | null;
  /** Whether the address is confirmed at Twitch (default true); Helix hides an unconfirmed one. */
  email_verified?: boolean;
  profile_image_url?: string;
  /** Default `affiliate`, so channel points work; `''` for a viewer or a streamer without them. */
  broadcaster_type?: BroadcasterType;
  description?: string;
}

export interface FakeStreamInput {
  /** A user added with `addUser`. */
  user_id: string;
  game_id?: string;
  /** Defaults to the name of a game added with `addGame`. */
  game_name?: string;
  title?: string;
  viewer_count?: number;
  tags?: string[];
  language?: string;
}

/** What the fixtures file keeps of the world. */
export interface WorldSnapshot {
  users: FakeTwitchUser[];
  channels: FakeTwitchChannel[];
  roles: Record<string, FakeChannelRoles>;
  games: FakeTwitchGame[];
}

/** A Twitch login: 4–25 letters, digits or underscores (Twitch also takes fewer for old accounts). */
export const loginPattern = /^[a-z0-9_]{3,25}$/;

const palette = ['#FF4500', '#1E90FF', '#9ACD32', '#FF69B4', '#8A2BE2', '#00FF7F', '#DAA520', '#5F9EA0'];

/** The fake's accounts, their channels, who moderates or subscribes where, live streams and games. */
export class FakeWorld {
  readonly users = new Map<string, FakeTwitchUser>();
  readonly channels = new Map<string, FakeTwitchChannel>();
  readonly games = new Map<string, FakeTwitchGame>();
  private readonly roles = new Map<string, FakeChannelRoles>();
  streams: FakeTwitchStream[] = [];

  constructor(private readonly clock: FakeClock) {}

  addUser(input: FakeTwitchUserInput): FakeTwitchUser {
    const login = input.login.toLowerCase();
    if (!loginPattern.test(login)) {
      throw new Error(`"${input.login}" is not a Twitch login (3–25 letters, digits or underscores)`);
    }
    if (this.userByLogin(login)) {
      throw new Error(`The fake Twitch already has a user "${login}"`);
    }
    const id = input.id ?? numericId((candidate) => this.users.has(candidate));
    const user: FakeTwitchUser = {
      id,
      login,
      display_name: input.display_name ?? input.login,
      type: '',
      broadcaster_type: input.broadcaster_type ?? 'affiliate',
      description: input.description ?? '',
      profile_image_url:
        input.profile_image_url ?? `https://static-cdn.jtvnw.net/jtv_user_pictures/${login}-profile_image-300x300.png`,
      offline_image_url: '',
      view_count: 0,
      email: input.email === undefined ? `${login}@example.test` : input.email,
      email_verified: input.email_verified ?? true,
      created_at: new Date(this.clock.now()).toISOString(),
    };
    this.users.set(id, user);
    this.channels.set(id, {
      broadcaster_id: id,
      broadcaster_login: login,
      broadcaster_name: user.display_name,
      broadcaster_language: 'en',
      game_id: '',
      game_name: '',
      title: '',
      delay: 0,
      tags: [],
      content_classification_labels: [],
      is_branded_content: false,
    });
    return user;
  }

  /**
   * Adds the account, or, when the login exists, updates that account with the given fields and
   * keeps its id (tests set up the same streamers again before each test).
   */
  upsertUser(input: FakeTwitchUserInput): FakeTwitchUser {
    const existing = this.userByLogin(input.login);
    if (!existing) {
      return this.addUser(input);
    }
    if (input.id && input.id !== existing.id) {
      throw new Error(`The fake Twitch's "${existing.login}" has the id ${existing.id}, not ${input.id}`);
    }
    const updated: FakeTwitchUser = {
      ...existing,
      display_name: input.display_name ?? existing.display_name,
      email: input.email === undefined ? existing.email : input.email,
      email_verified: input.email_verified ?? existing.email_verified,
      profile_image_url: input.profile_image_url ?? existing.profile_image_url,
      broadcaster_type: input.broadcaster_type ?? existing.broadcaster_type,
      description: input.description ?? existing.description,
    };
    this.users.set(existing.id, updated);
    this.setChannel(existing.id, { broadcaster_name: updated.display_name });
    return updated;
  }

  user(id: string): FakeTwitchUser {
    const user = this.users.get(id);
    if (!user) {
      throw new Error(`The fake Twitch has no user ${id}; add it with addUser first`);
    }
    return user;
  }

  userByLogin(login: string): FakeTwitchUser | undefined {
    const wanted = login.toLowerCase().replace(/^#/, '');
    return [...this.users.values()].find((user) => user.login === wanted);
  }

  /** A user by id or login, as the control endpoint and the CLI name them. */
  findUser(idOrLogin: string): FakeTwitchUser | undefined {
    return this.users.get(idOrLogin) ?? this.userByLogin(idOrLogin);
  }

  setChannel(userId: string, changes: Partial<Omit<FakeTwitchChannel, 'broadcaster_id'>>): FakeTwitchChannel {
    this.user(userId);
    const channel = { ...(this.channels.get(userId) as FakeTwitchChannel), ...changes, broadcaster_id: userId };
    this.channels.set(userId, channel);
    return channel;
  }

  setStreams(streams: FakeStreamInput[]): FakeTwitchStream[] {
    this.streams = streams.map((input, index) => {
      const user = this.user(input.user_id);
      const channel = this.channels.get(user.id);
      const gameId = input.game_id ?? channel?.game_id ?? '';
      return {
        id: String(40_000_000_000 + index),
        user_id: user.id,
        user_login: user.login,
        user_name: user.display_name,
        game_id: gameId,
        game_name: input.game_name ?? this.games.get(gameId)?.name ?? channel?.game_name ?? '',
        type: 'live',
        title: input.title ?? channel?.title ?? '',
        tags: input.tags ?? [],
        viewer_count: input.viewer_count ?? 0,
        started_at: new Date(this.clock.now()).toISOString(),
        language: input.language ?? 'en',
        thumbnail_url: `https://static-cdn.jtvnw.net/previews-ttv/live_user_${user.login}-{width}x{height}.jpg`,
        tag_ids: [],
        is_mature: false,
      };
    });
    return this.streams;
  }

  addGame(game: { id: string; name: string }): FakeTwitchGame {
    const stored: FakeTwitchGame = {
      ...game,
      box_art_url: `https://static-cdn.jtvnw.net/ttv-boxart/${game.id}-{width}x{height}.jpg`,
      igdb_id: '',
    };
    this.games.set(game.id, stored);
    return stored;
  }

  rolesOf(channelId: string): FakeChannelRoles {
    let roles = this.roles.get(channelId);
    if (!roles) {
      roles = { moderators: [], vips: [], subscribers: {} };
      this.roles.set(channelId, roles);
    }
    return roles;
  }

  /** Makes `userId` a moderator, VIP or subscriber of `channelId` (or takes the role away). */
  setRole(channelId: string, userId: string, role: 'moderator' | 'vip', granted: boolean): void {
    this.user(channelId);
    this.user(userId);
    const roles = this.rolesOf(channelId);
    const list = role === 'moderator' ? roles.moderators : roles.vips;
    const without = list.filter((id) => id !== userId);
    const next = granted ? [...without, userId] : without;
    if (role === 'moderator') {
      roles.moderators = next;
    } else {
      roles.vips = next;
    }
  }

  setSubscription(channelId: string, userId: string, tier: SubscriptionTier | null): void {
    this.user(channelId);
    this.user(userId);
    const roles = this.rolesOf(channelId);
    if (tier) {
      roles.subscribers[userId] = tier;
    } else {
      delete roles.subscribers[userId];
    }
  }

  isModerator(channelId: string, userId: string): boolean {
    return this.rolesOf(channelId).moderators.includes(userId);
  }

  /** Every role the user holds in the channel, most privileged first (chat shows a badge for each). */
  channelRoles(channelId: string, userId: string): ChannelRole[] {
    const roles = this.rolesOf(channelId);
    const held: ChannelRole[] = [];
    if (channelId === userId) {
      held.push('broadcaster');
    }
    if (roles.moderators.includes(userId)) {
      held.push('moderator');
    }
    if (roles.vips.includes(userId)) {
      held.push('vip');
    }
    if (roles.subscribers[userId]) {
      held.push('subscriber');
    }
    return held.length > 0 ? held : ['viewer'];
  }

  /** A stable chat name colour per user, as Twitch assigns one to users who never chose theirs. */
  colorOf(userId: string): string {
    const sum = [...userId].reduce((total, char) => total + char.charCodeAt(0), 0);
    return palette[sum % palette.length] as string;
  }

  snapshot(): WorldSnapshot {
    return {
      users: [...this.users.values()],
      channels: [...this.channels.values()],
      roles: Object.fromEntries(this.roles),
      games: [...this.games.values()],
    };
  }

  restore(snapshot: WorldSnapshot): void {
    for (const user of snapshot.users) {
      this.users.set(user.id, user);
    }
    for (const channel of snapshot.channels) {
      this.channels.set(channel.broadcaster_id, channel);
    }
    for (const [channelId, roles] of Object.entries(snapshot.roles)) {
      this.roles.set(channelId, roles);
    }
    for (const game of snapshot.games) {
      this.games.set(game.id, game);
    }
  }
}
