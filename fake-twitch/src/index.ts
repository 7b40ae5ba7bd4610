/**
 * A fake Twitch for tests: a real HTTP server on 127.0.0.1 speaking Twitch's own request and
 * response formats: OAuth (`/oauth2/authorize|token|validate|revoke`) and Helix (`/helix/users`,
 * `/channels`, `/streams`, `/games`, `/search/categories`, `{data, pagination}` envelopes,
 * `Client-Id` + `Authorization: Bearer` checks, `{error, status, message}` errors).
 *
 * The same endpoints also answer under the Twitch CLI mock layout, `/auth/…` and `/mock/…`: twurple
 * has no base-URL option and reaches a local Twitch only through `TWURPLE_MOCK_API_PORT`
 * (`http://localhost:<port>/mock/<helix path>`, `.../auth/<oauth path>`). The service therefore
 * takes `TWITCH_AUTH_BASE_URL=<url>/auth` and `TWITCH_HELIX_BASE_URL=<url>/mock` (`serviceEnv`
 * below) and sets `TWURPLE_MOCK_API_PORT` itself; one fake Twitch per running service.
 *
 * ```ts
 * import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
 *
 * let twitch: FakeTwitch;
 * let app: TestService;
 * before(async () => {
 *   twitch = await startFakeTwitch();
 *   app = await startTestService({ ...twitch.serviceEnv });
 * });
 * after(async () => {
 *   await app.stop();
 *   await twitch.stop();
 * });
 *
 * it('grounds on the live category', async () => {
 *   const streamer = twitch.addUser({ login: 'neonfox', email: 'neon@example.test' });
 *   twitch.setChannel(streamer.id, { title: 'Ranked grind', game_id: '21779', game_name: 'League of Legends' });
 *   twitch.setStreams([{ user_id: streamer.id, game_id: '21779', viewer_count: 120 }]);
 *   const { session } = await signInWithTwitch(app); // test/auth/support/twitch-sign-in.ts: the OAuth flow
 *   const context = await app.service.container.twitchContext.getChannelContext(session!.user.id as UserId);
 *   expect(twitch.unexpectedRequests).to.deep.equal([]);
 * });
 * ```
 *
 * To connect Twitch to a user made with `app.createUser()`: `twitch.addUser(...)`, then
 * `await signInWithTwitch(app, { accessToken })` (the "Connect Twitch" flow, linking that user).
 *
 * Fixtures: `addUser` (also creates the user's channel and makes them the one who "is signed in to
 * Twitch" when a browser reaches /authorize), `setChannel`, `setStreams` (the live streams,
 * replacing earlier ones), `addGame`. Flow control: `authorizeAs`, `denyNextAuthorization`,
 * `issueUserToken` (tokens without the browser flow), `expireAccessTokens` (forces a refresh),
 * `revokeUserGrants` (the streamer disconnects the app at Twitch).
 * Every request is logged in `requests`; anything the fake does not implement answers 404 and is
 * listed in `unexpectedRequests`.
 */
import { randomBytes } from 'node:crypto';
import {
  FakeTwitchState,
  type FakeTwitchChannel,
  type FakeTwitchGame,
  type FakeTwitchStream,
  type FakeTwitchUser,
} from './fake-twitch-state';
import { FakeTwitchServer, type FakeTwitchRequest } from './fake-twitch-server';

export type { FakeTwitchChannel, FakeTwitchGame, FakeTwitchRequest, FakeTwitchStream, FakeTwitchUser };

export interface FakeTwitchUserInput {
  login: string;
  id?: string;
  display_name?: string;
  /** The account's verified address; null for an account without one. */
  email?: string | null;
  profile_image_url?: string;
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

export interface FakeTwitch {
  /** `http://localhost:<port>` (twurple calls `localhost`, so the service does too). */
  readonly url: string;
  /** `<url>/auth`: OAuth in the Twitch CLI mock layout (`<url>/oauth2` answers the same). */
  readonly authBaseUrl: string;
  /** `<url>/mock`: Helix in the Twitch CLI mock layout (`<url>/helix` answers the same). */
  readonly helixBaseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Settings pointing a service at this fake: pass to `startTestService({...twitch.serviceEnv})`. */
  readonly serviceEnv: Record<string, string>;
  addUser(input: FakeTwitchUserInput): FakeTwitchUser;
  setChannel(userId: string, changes: Partial<Omit<FakeTwitchChannel, 'broadcaster_id'>>): FakeTwitchChannel;
  setStreams(streams: FakeStreamInput[]): FakeTwitchStream[];
  addGame(game: { id: string; name: string }): FakeTwitchGame;
  /** The Twitch account that consents at /authorize from now on. */
  authorizeAs(userId: string): void;
  /** The next /authorize redirects back with `error=access_denied`. */
  denyNextAuthorization(): void;
  /** Tokens for a user as if they had completed the OAuth flow. */
  issueUserToken(userId: string, scopes?: string[]): { accessToken: string; refreshToken: string };
  /** Every access token issued so far stops working; refresh tokens still do. */
  expireAccessTokens(): void;
  /** The user withdraws the app's access at Twitch: every token of theirs stops working. */
  revokeUserGrants(userId: string): void;
  /** Whether a token (access or refresh) still works at the fake. */
  isTokenActive(token: string): boolean;
  readonly requests: readonly FakeTwitchRequest[];
  readonly unexpectedRequests: readonly FakeTwitchRequest[];
  /** Requests to an endpoint in Twitch's layout (`/helix/streams`, `/oauth2/token`), whichever layout was used. */
  requestsTo(endpoint: string): FakeTwitchRequest[];
  clearRequests(): void;
  stop(): Promise<void>;
}

export async function startFakeTwitch(options: { clientId?: string; clientSecret?: string } = {}): Promise<FakeTwitch> {
  const clientId = options.clientId ?? `fakeclient${randomBytes(6).toString('hex')}`;
  const clientSecret = options.clientSecret ?? randomBytes(15).toString('hex');
  const state = new FakeTwitchState(clientId, clientSecret);
  const server = new FakeTwitchServer(state);
  const port = await server.listen();
  const url = `http://localhost:${port}`;

  const userOf = (userId: string): FakeTwitchUser => {
    const user = state.users.get(userId);
    if (!user) {
      throw new Error(`The fake Twitch has no user ${userId}; add it with addUser first`);
    }
    return user;
  };

  return {
    url,
    authBaseUrl: `${url}/auth`,
    helixBaseUrl: `${url}/mock`,
    clientId,
    clientSecret,
    serviceEnv: {
      TWITCH_CLIENT_ID: clientId,
      TWITCH_CLIENT_SECRET: clientSecret,
      TWITCH_AUTH_BASE_URL: `${url}/auth`,
      TWITCH_HELIX_BASE_URL: `${url}/mock`,
    },
    addUser(input) {
      const id = input.id ?? state.newUserId();
      const login = input.login.toLowerCase();
      const user: FakeTwitchUser = {
        id,
        login,
        display_name: input.display_name ?? input.login,
        type: '',
        broadcaster_type: 'affiliate',
        description: '',
        profile_image_url:
          input.profile_image_url ??
          `https://static-cdn.jtvnw.net/jtv_user_pictures/${login}-profile_image-300x300.png`,
        offline_image_url: '',
        view_count: 0,
        email: input.email === undefined ? `${login}@example.test` : input.email,
        created_at: new Date().toISOString(),
      };
      state.users.set(id, user);
      state.channels.set(id, {
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
      state.authorizingUserId = id;
      return user;
    },
    setChannel(userId, changes) {
      userOf(userId);
      const channel = { ...(state.channels.get(userId) as FakeTwitchChannel), ...changes, broadcaster_id: userId };
      state.channels.set(userId, channel);
      return channel;
    },
    setStreams(streams) {
      state.streams = streams.map((input, index) => {
        const user = userOf(input.user_id);
        const gameId = input.game_id ?? state.channels.get(user.id)?.game_id ?? '';
        return {
          id: String(40_000_000_000 + index),
          user_id: user.id,
          user_login: user.login,
          user_name: user.display_name,
          game_id: gameId,
          game_name: input.game_name ?? state.games.get(gameId)?.name ?? state.channels.get(user.id)?.game_name ?? '',
          type: 'live',
          title: input.title ?? state.channels.get(user.id)?.title ?? '',
          tags: input.tags ?? [],
          viewer_count: input.viewer_count ?? 0,
          started_at: new Date().toISOString(),
          language: input.language ?? 'en',
          thumbnail_url: `https://static-cdn.jtvnw.net/previews-ttv/live_user_${user.login}-{width}x{height}.jpg`,
          tag_ids: [],
          is_mature: false,
        };
      });
      return state.streams;
    },
    addGame(game) {
      const stored: FakeTwitchGame = {
        ...game,
        box_art_url: `https://static-cdn.jtvnw.net/ttv-boxart/${game.id}-{width}x{height}.jpg`,
        igdb_id: '',
      };
      state.games.set(game.id, stored);
      return stored;
    },
    authorizeAs(userId) {
      userOf(userId);
      state.authorizingUserId = userId;
    },
    denyNextAuthorization() {
      state.denyNextAuthorization = true;
    },
    issueUserToken(userId, scopes = ['user:read:email']) {
      userOf(userId);
      const token = state.issueUserTokens(clientId, userId, scopes);
      return { accessToken: token.token, refreshToken: token.refreshToken as string };
    },
    expireAccessTokens() {
      for (const token of state.accessTokens.values()) {
        token.expiresAt = Date.now() - 1000;
      }
    },
    revokeUserGrants(userId) {
      for (const [key, token] of state.accessTokens) {
        if (token.userId === userId) {
          state.accessTokens.delete(key);
        }
      }
      for (const [key, grant] of state.refreshTokens) {
        if (grant.userId === userId) {
          state.refreshTokens.delete(key);
        }
      }
    },
    isTokenActive(token) {
      return state.validAccessToken(token) !== null || state.refreshTokens.has(token);
    },
    get requests() {
      return server.requests;
    },
    get unexpectedRequests() {
      return server.requests.filter((request) => request.unexpected);
    },
    requestsTo(endpoint) {
      return server.requests.filter((request) => request.endpoint === endpoint);
    },
    clearRequests() {
      server.requests.length = 0;
    },
    stop() {
      return server.close();
    },
  };
}
