import type { FakeTwitchCore } from './core';
import { CatalogHandlers } from './helix/catalog-handlers';
import { ChatHandlers } from './helix/chat-handlers';
import { EventSubHandlers } from './helix/eventsub-handlers';
import { authenticate, type HelixCaller } from './helix/helix-auth';
import { RewardHandlers } from './helix/reward-handlers';
import { helixError, HelixError, type FakeRequest, type FakeResponse } from './http/http';
import type { Route } from './http/fake-twitch-server';
import { OAuthHandlers } from './oauth/oauth-handlers';

type HelixHandler = (req: FakeRequest, caller: HelixCaller) => FakeResponse | Promise<FakeResponse>;

/** Twitch's endpoints, in Twitch's own layout (`/oauth2/…`, `/helix/…`), bound to their handlers. */
export function twitchRoutes(core: FakeTwitchCore): Map<string, Route> {
  const routes = new Map<string, Route>();
  const oauth = new OAuthHandlers({
    apps: core.apps,
    tokens: core.tokens,
    world: core.world,
    clock: core.clock,
    consent: core.options.consent,
    authorizingUserId: () => core.authorizingUserId,
    takeDenial: () => {
      const deny = core.denyNextAuthorization;
      core.denyNextAuthorization = false;
      return deny;
    },
    granted: (clientId, userId) => core.authorizationGranted(clientId, userId),
    changed: () => core.changed(),
  });
  routes.set('GET /oauth2/authorize', (req) => oauth.authorize(req));
  routes.set('POST /oauth2/authorize', (req) => oauth.decide(req));
  routes.set('POST /oauth2/token', (req) => oauth.token(req));
  routes.set('GET /oauth2/validate', (req) => oauth.validate(req));
  routes.set('POST /oauth2/revoke', (req) => oauth.revoke(req));

  // every Helix call: the token checks, then one point from the app's (and user's) bucket
  const helix =
    (handler: HelixHandler): Route =>
    async (req) => {
      const caller = authenticate(core.tokens, req);
      const limit = core.rateLimiter.take(`${caller.clientId}:${caller.token.userId ?? 'app'}`);
      if (!limit.allowed) {
        const refused = helixError(429, 'Too Many Requests');
        return { ...refused, headers: limit.headers };
      }
      let response: FakeResponse;
      try {
        response = await handler(req, caller);
      } catch (error) {
        if (!(error instanceof HelixError)) {
          throw error;
        }
        response = helixError(error.status, error.message);
      }
      return { ...response, headers: { ...limit.headers, ...response.headers } };
    };

  const catalog = new CatalogHandlers(core.world);
  routes.set(
    'GET /helix/users',
    helix((req, caller) => catalog.users(req, caller)),
  );
  routes.set(
    'GET /helix/channels',
    helix((req) => catalog.channels(req)),
  );
  routes.set(
    'GET /helix/streams',
    helix((req) => catalog.streams(req)),
  );
  routes.set(
    'GET /helix/games',
    helix((req) => catalog.games(req)),
  );
  routes.set(
    'GET /helix/search/categories',
    helix((req) => catalog.searchCategories(req)),
  );

  const rewards = new RewardHandlers({
    world: core.world,
    rewards: core.rewards,
    redemptionUpdated: (redemption) => core.redemptionUpdated(redemption),
    changed: () => core.changed(),
  });
  const rewardsPath = '/helix/channel_points/custom_rewards';
  routes.set(
    `GET ${rewardsPath}`,
    helix((req, caller) => rewards.list(req, caller)),
  );
  routes.set(
    `POST ${rewardsPath}`,
    helix((req, caller) => rewards.create(req, caller)),
  );
  routes.set(
    `PATCH ${rewardsPath}`,
    helix((req, caller) => rewards.update(req, caller)),
  );
  routes.set(
    `DELETE ${rewardsPath}`,
    helix((req, caller) => rewards.delete(req, caller)),
  );
  routes.set(
    `GET ${rewardsPath}/redemptions`,
    helix((req, caller) => rewards.redemptions(req, caller)),
  );
  routes.set(
    `PATCH ${rewardsPath}/redemptions`,
    helix((req, caller) => rewards.updateRedemptions(req, caller)),
  );

  const eventSub = new EventSubHandlers(core.eventSub, core.options.eventSub.maxTotalCost);
  routes.set(
    'POST /helix/eventsub/subscriptions',
    helix((req, caller) => eventSub.create(req, caller)),
  );
  routes.set(
    'GET /helix/eventsub/subscriptions',
    helix((req, caller) => eventSub.list(req, caller)),
  );
  routes.set(
    'DELETE /helix/eventsub/subscriptions',
    helix((req, caller) => eventSub.delete(req, caller)),
  );

  const chat = new ChatHandlers(core.world, core.tokens, core.rooms);
  routes.set(
    'POST /helix/chat/messages',
    helix((req, caller) => chat.send(req, caller)),
  );
  routes.set(
    'GET /helix/moderation/moderators',
    helix((req, caller) => chat.moderators(req, caller)),
  );
  routes.set(
    'GET /helix/channels/vips',
    helix((req, caller) => chat.vips(req, caller)),
  );

  // signed by the extension's JWT, not an OAuth token, and limited per channel rather than per app
  routes.set('POST /helix/extensions/pubsub', (req) => core.pubsub.send(req));
  return routes;
}
