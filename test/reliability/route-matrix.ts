/**
 * The authorization matrix's table: for every endpoint of the contract (`apiEndpoints`), how its
 * rightful caller calls it on the fixtures' resources, and what about it the generic probes need
 * to know. `authorization-matrix.test.ts` fails for an endpoint without an entry (and an entry
 * without an endpoint), so a new route is one entry here: usually a line naming its request and
 * whether its path names one of the caller's own resources (`owned`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { tokenOf, waitForEmail } from '../auth/support/outbox';
import { extensionToken } from './support/forged-credentials';
import { watchCredential } from './support/reliability-service';
import { multipartBody, smallPng, suitePassword, type MatrixWorld, type OwnerResources } from './support/fixtures';

/** One call of an endpoint: path parameters, query, body and extra headers. */
export interface MatrixRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** JSON unless a Buffer (then `headers` carries its content type). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Extension endpoints: seconds the rightful viewer's token lasts (an event stream ends with it). */
  extensionTokenSeconds?: number;
}

export interface MatrixContext {
  world: MatrixWorld;
  /** The owner whose resources the call names (a fresh one for `destructive` entries). */
  owner: OwnerResources;
}

export interface MatrixEntry {
  /** The rightful caller's call; it may prepare what it needs (a deleted asset to restore). */
  request(context: MatrixContext): Promise<MatrixRequest> | MatrixRequest;
  /**
   * The path names one of the caller's own resources: another user, and an id that does not exist,
   * both get the same 404, never a 403.
   */
  owned?: true;
  /** Changes or removes what it acts on: run with a fresh owner and other user. */
  destructive?: true;
  /** A plan without access, and its documented refusal. */
  tierWithoutAccess?: { status: 403; code: string };
  /** The rightful call answers one of the endpoint's documented errors rather than its success status: why. */
  answers?: { status: number; code: string; why: string };
  /** For extension endpoints: a caller in an admitted role on a channel no streamer connected. */
  wrongChannel?: { status: number; code: string };
}

const kit = async ({ owner }: MatrixContext) => ({ params: { id: (await owner.kit()).id } });
const job = async ({ owner }: MatrixContext) => ({ params: { id: (await owner.job()).id } });
const asset = async ({ owner }: MatrixContext) => ({ params: { id: (await owner.asset()).id } });
const pack = async ({ owner }: MatrixContext) => ({ params: { id: (await owner.pack()).id } });
const session = async ({ owner }: MatrixContext) => ({ params: { id: (await owner.coachSession()).id } });
const nothing = () => ({});
const noIdea = () => ({ params: { id: randomUUID() } });
const noTwitch = {
  status: 409,
  code: 'twitch_not_connected',
  why: 'the matrix owner has not connected Twitch',
} as const;
const botChannelForbidden = {
  status: 403,
  code: 'service_channel_forbidden',
  why: 'the matrix credential does not act for this channel',
} as const;
const noIdeaAnswer = { status: 404, code: 'idea_not_found', why: 'the matrix owner has no viewer ideas' } as const;
const coachStudioOnly = { status: 403, code: 'coach_requires_studio' } as const;
const notConnected = { status: 404, code: 'channel_not_connected' } as const;

/** A pending idea on the connected channel, suggested from the panel by a viewer of its own. */
async function pendingIdea({ world }: MatrixContext): Promise<{ params: { id: string } }> {
  const token = await extensionToken({
    secret: world.app.service.config.twitch.extensionSecret,
    channelId: world.connectedChannelId,
  });
  watchCredential(token);
  const response = await fetch(`${world.app.url}/api/v1/extension/ideas`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-extension-jwt': token },
    body: JSON.stringify({ text: `a matrix frog ${randomUUID().slice(0, 8)}` }),
  });
  if (response.status !== 201) {
    throw new Error(`could not suggest an idea: ${response.status} ${await response.text()}`);
  }
  return { params: { id: ((await response.json()) as { id: string }).id } };
}

/** A viewer's `!aura help` in a channel, as the bot relays it. */
function chatMessage(twitchChannelId: string, messageId: string) {
  return {
    twitch_channel_id: twitchChannelId,
    message_id: messageId,
    text: '!aura help',
    chatter: {
      user_id: '2',
      login: 'viewer',
      display_name: 'Viewer',
      badges: { broadcaster: false, moderator: false, vip: false, subscriber: false },
    },
  };
}

export const routeMatrix: Record<string, MatrixEntry> = {
  'system.health': { request: nothing },
  'system.ready': { request: nothing },

  'auth.signup': {
    request: () => ({
      body: { email: `new-${randomUUID()}@example.test`, password: suitePassword, display_name: 'New' },
    }),
  },
  'auth.login': { request: ({ owner }) => ({ body: { email: owner.owner.email, password: suitePassword } }) },
  'auth.logout': { request: () => ({ body: {} }), destructive: true },
  'auth.refresh': {
    request: ({ owner }) => ({ body: { refresh_token: owner.owner.refreshToken } }),
    destructive: true,
  },
  'auth.me': { request: nothing },
  'auth.updateMe': { request: () => ({ body: { display_name: 'Renamed Streamer' } }) },
  'auth.changePassword': {
    request: () => ({ body: { current_password: suitePassword, new_password: 'another-Violet-77' } }),
    destructive: true,
  },
  'auth.deleteMe': { request: () => ({ body: { password: suitePassword } }), destructive: true },
  'auth.requestPasswordReset': { request: ({ owner }) => ({ body: { email: owner.owner.email } }) },
  'auth.confirmPasswordReset': {
    request: async ({ world, owner }) => {
      const { email } = owner.owner;
      await fetch(`${world.app.url}/api/v1/auth/password-reset/request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      const message = await waitForEmail(world.app, email, /reset/i);
      const link = message.links.find((candidate) => candidate.includes('reset')) as string;
      return { body: { token: tokenOf(link), new_password: 'reset-Violet-88' } };
    },
    destructive: true,
  },
  'auth.requestEmailVerification': { request: nothing },
  'auth.verifyEmail': {
    request: async ({ world, owner }) => {
      const message = await waitForEmail(world.app, owner.owner.email, /verify/i);
      const link = message.links.find((candidate) => candidate.includes('/email/verify/')) as string;
      return { params: { token: tokenOf(link) } };
    },
    destructive: true,
  },
  'auth.unlockLogin': {
    request: () => ({ params: { token: randomBytes(32).toString('base64url') } }),
    answers: {
      status: 400,
      code: 'token_invalid',
      why: 'an unlock link needs a sign-in lock (test/auth/rate-limits.test.ts follows a real one)',
    },
  },
  'auth.startOAuth': { request: () => ({ params: { provider: 'twitch' } }) },
  'auth.oauthCallback': {
    request: () => ({ params: { provider: 'twitch' }, query: { code: 'made-up', state: 'made-up' } }),
  },

  'admin.listUsers': { request: () => ({ query: {} }) },
  'admin.updateUser': {
    request: ({ owner }) => ({ params: { id: owner.owner.id }, body: { subscription_tier: 'pro' } }),
    destructive: true,
  },

  'analytics.ingest': {
    request: () => ({
      body: {
        events: [
          {
            event_name: 'page_view',
            category: 'page',
            properties: { path: '/dashboard' },
            timestamp: new Date(Date.now() - 60_000).toISOString(),
            session_id: 'session-matrix-0001',
          },
        ],
      },
    }),
  },
  'analytics.health': { request: nothing },
  'analytics.summary': { request: () => ({ query: {} }) },
  'analytics.clear': { request: nothing },
  'analytics.flush': { request: nothing },
  'analytics.popularAssets': { request: () => ({ query: {} }) },
  'analytics.flushStatus': { request: nothing },

  'brandKits.list': { request: nothing },
  'brandKits.create': { request: () => ({ body: { name: 'Another kit' } }) },
  'brandKits.getActive': {
    request: async ({ owner }) => {
      await owner.kit();
      return {};
    },
  },
  'brandKits.get': { request: kit, owned: true },
  'brandKits.update': {
    request: async (context) => ({ ...(await kit(context)), body: { name: 'Renamed kit' } }),
    owned: true,
  },
  'brandKits.delete': { request: kit, owned: true, destructive: true },
  'brandKits.activate': { request: kit, owned: true },
  'brandKits.getColors': { request: kit, owned: true },
  'brandKits.updateColors': {
    request: async (context) => ({ ...(await kit(context)), body: { primary: [{ hex: '#9146FF', name: 'Twitch' }] } }),
    owned: true,
  },
  'brandKits.getTypography': { request: kit, owned: true },
  'brandKits.updateTypography': {
    request: async (context) => ({
      ...(await kit(context)),
      body: { display: { family: 'Montserrat', weight: 700, size_px: 72 } },
    }),
    owned: true,
  },
  'brandKits.getVoice': { request: kit, owned: true },
  'brandKits.updateVoice': {
    request: async (context) => ({ ...(await kit(context)), body: { tone: 'competitive' } }),
    owned: true,
  },
  'brandKits.getGuidelines': { request: kit, owned: true },
  'brandKits.updateGuidelines': {
    request: async (context) => ({ ...(await kit(context)), body: { logo_min_size_px: 64 } }),
    owned: true,
  },
  'brandKits.listLogos': { request: kit, owned: true },
  'brandKits.uploadLogo': {
    request: async (context) => {
      const form = multipartBody([
        { name: 'logo_type', value: 'secondary' },
        { name: 'file', filename: 'logo.png', contentType: 'image/png', data: await smallPng() },
      ]);
      return { ...(await kit(context)), body: form.body, headers: { 'content-type': form.contentType } };
    },
    owned: true,
  },
  'brandKits.getLogo': {
    request: async (context) => ({ params: { ...(await kit(context)).params, type: 'primary' } }),
    owned: true,
  },
  'brandKits.deleteLogo': {
    request: async (context) => ({ params: { ...(await kit(context)).params, type: 'primary' } }),
    owned: true,
    destructive: true,
  },
  'brandKits.setDefaultLogo': {
    request: async (context) => ({ ...(await kit(context)), body: { logo_type: 'primary' } }),
    owned: true,
  },

  'coach.tips': { request: () => ({ query: {} }) },
  'coach.access': { request: nothing },
  'coach.start': {
    request: () => ({ body: { asset_type: 'twitch_emote', description: 'a cheerful fox emote' } }),
    tierWithoutAccess: coachStudioOnly,
  },
  'coach.sendMessage': {
    request: async (context) => ({ ...(await session(context)), body: { message: 'make it purple' } }),
    owned: true,
    tierWithoutAccess: coachStudioOnly,
  },
  'coach.getSession': { request: session, owned: true },
  'coach.endSession': { request: session, owned: true, destructive: true },

  'generation.generate': { request: () => ({ body: { asset_type: 'twitch_emote', custom_prompt: 'a tiny owl' } }) },
  'generation.listJobs': { request: () => ({ query: {} }) },
  'generation.getJob': { request: job, owned: true },
  'generation.getJobAssets': { request: job, owned: true },
  'generation.cancelJob': {
    request: job,
    owned: true,
    answers: { status: 409, code: 'job_not_cancellable', why: 'the fixture job has already ended' },
  },

  'twitch.generate': { request: () => ({ body: { asset_type: 'badge', custom_prompt: 'a shield badge' } }) },
  'twitch.createPack': { request: () => ({ body: { pack_type: 'starter' } }) },
  'twitch.getPack': { request: pack, owned: true },
  'twitch.downloadPack': { request: pack, owned: true },
  'twitch.dimensions': { request: nothing },

  'assets.list': { request: () => ({ query: {} }) },
  'assets.get': { request: asset, owned: true },
  'assets.delete': { request: asset, owned: true, destructive: true },
  'assets.restore': {
    request: async ({ owner }) => ({ params: { id: (await owner.deletedAsset()).id } }),
    owned: true,
    destructive: true,
  },
  'assets.setVisibility': {
    request: async (context) => ({ ...(await asset(context)), body: { is_public: true } }),
    owned: true,
  },
  'assets.getPublic': { request: async ({ owner }) => ({ params: { id: (await owner.publicAsset()).id } }) },
  'assets.getPublicImage': { request: async ({ owner }) => ({ params: { id: (await owner.publicAsset()).id } }) },

  'extension.panel': { request: nothing, wrongChannel: { status: 404, code: 'channel_not_connected' } },
  'extension.devToken': {
    request: () => ({ body: { channel_id: '12345', role: 'viewer' } }),
    answers: {
      status: 404,
      code: 'dev_tokens_disabled',
      why: "with Twitch's extension secret configured (as in production) development tokens are off",
    },
  },
  // the panel's viewers act on the connected channel (each rightful call is a viewer of its own);
  // moderating needs the broadcaster's or a moderator's token, the configuration the broadcaster's
  'extension.ideas': { request: nothing, wrongChannel: notConnected },
  'extension.myIdeas': { request: nothing, wrongChannel: notConnected },
  'extension.suggest': {
    request: () => ({ body: { text: `a matrix otter ${randomUUID().slice(0, 8)}`, asset_type: 'emote' } }),
    wrongChannel: notConnected,
  },
  'extension.vote': { request: pendingIdea, wrongChannel: notConnected },
  'extension.approve': {
    request: async (context) => ({ ...(await pendingIdea(context)), body: { prompt: 'a matrix frog emote' } }),
    wrongChannel: notConnected,
  },
  'extension.reject': {
    request: async (context) => ({ ...(await pendingIdea(context)), body: { reason: 'not this stream' } }),
    wrongChannel: notConnected,
  },
  'extension.getConfig': { request: nothing, wrongChannel: notConnected },
  'extension.updateConfig': {
    request: () => ({ body: { ideas: { cooldown_seconds: 30 }, panel: { views: ['showcase', 'ideas', 'live'] } } }),
    wrongChannel: notConnected,
  },
  // the stream lasts as long as the viewer's token, so the rightful call's ends in two seconds
  'extension.live': { request: () => ({ extensionTokenSeconds: 2 }), wrongChannel: notConnected },

  'serviceCredentials.list': { request: nothing },
  'serviceCredentials.create': { request: () => ({ body: { name: 'matrix-created' } }) },
  'serviceCredentials.revoke': {
    request: async ({ world }) => {
      const response = await fetch(`${world.app.url}/api/v1/admin/service-credentials`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${world.admin.accessToken}` },
        body: JSON.stringify({ name: 'matrix-to-revoke' }),
      });
      const created = (await response.json()) as { credential: { id: string } };
      return { params: { id: created.credential.id } };
    },
    destructive: true,
  },
  'serviceCredentials.self': { request: nothing },

  'auth.providers': { request: nothing },
  'assets.summary': { request: nothing },
  // ids in the body, not the path: another user's ids answer like missing ones (test/assets covers it)
  'assets.setDesignsVisibility': {
    request: () => ({ body: { asset_ids: [randomUUID()], is_public: false } }),
    answers: { status: 404, code: 'asset_not_found', why: 'a design that does not exist' },
  },
  'assets.downloadDesign': { request: asset, owned: true },
  'plans.list': { request: nothing },

  // the matrix's owner has no Twitch channel, so no viewer ideas: test/ideas covers another
  // streamer's idea answering 404 on each of these
  'ideas.list': { request: () => ({ query: {} }) },
  'ideas.getSettings': { request: nothing },
  'ideas.updateSettings': { request: () => ({ body: { cooldown_seconds: 30 } }) },
  'ideas.get': { request: noIdea, answers: noIdeaAnswer },
  'ideas.approve': { request: () => ({ ...noIdea(), body: {} }), answers: noIdeaAnswer },
  'ideas.reject': { request: () => ({ ...noIdea(), body: {} }), answers: noIdeaAnswer },
  'ideas.delete': { request: noIdea, answers: noIdeaAnswer },

  'channelPoints.get': { request: nothing },
  'channelPoints.update': {
    request: () => ({ body: { enabled: true } }),
    answers: { status: 409, code: 'twitch_not_connected', why: 'the matrix owner has not connected Twitch' },
  },
  'twitchConnection.get': { request: nothing },
  'twitchConnection.disconnect': {
    request: nothing,
    answers: { status: 404, code: 'twitch_not_connected', why: 'the matrix owner has not connected Twitch' },
  },
  // a notification for a subscription AuraStream does not know: acknowledged and ignored
  'twitchConnection.eventSub': {
    request: () => ({
      body: {
        subscription: {
          id: randomUUID(),
          type: 'channel.channel_points_custom_reward_redemption.add',
          version: '1',
          status: 'enabled',
          cost: 0,
          condition: { broadcaster_user_id: '1', reward_id: randomUUID() },
          transport: { method: 'webhook', callback: 'https://example.test/api/v1/twitch/eventsub' },
          created_at: new Date().toISOString(),
        },
        event: {
          id: randomUUID(),
          broadcaster_user_id: '1',
          broadcaster_user_login: 'nobody',
          broadcaster_user_name: 'Nobody',
          user_id: '2',
          user_login: 'viewer',
          user_name: 'Viewer',
          user_input: 'a frog',
          status: 'unfulfilled',
          reward: { id: randomUUID(), title: 'Suggest an emote', cost: 100, prompt: '' },
          redeemed_at: new Date().toISOString(),
        },
      },
    }),
  },

  'chatBot.get': { request: nothing },
  'chatBot.updateSettings': { request: () => ({ body: { prefix: '!aura' } }) },
  'chatBot.sendSimulatedChat': { request: () => ({ body: { text: '!aura help' } }), answers: noTwitch },
  'chatBot.simulatedChatLog': { request: nothing, answers: noTwitch },
  'chatBotAdmin.connectAccount': { request: () => ({ body: {} }) },
  'chatBotAdmin.accountCallback': { request: () => ({ query: { code: 'nope', state: 'unknown' } }) },
  'chatBotAdmin.getAccount': { request: nothing },
  'chatBotAdmin.disconnectAccount': { request: nothing, destructive: true },
  'bot.identity': { request: nothing },
  'bot.saveTokens': {
    request: () => ({
      body: { user_id: '1', access_token: 'matrix', refresh_token: null, expires_at: null, scopes: [] },
    }),
    answers: { status: 409, code: 'bot_account_changed', why: 'no administrator connected this bot account' },
  },
  'bot.reportIdentityRevoked': { request: () => ({ body: { reason: 'matrix' } }) },
  'bot.channels': { request: nothing },
  'bot.presence': { request: () => ({ body: { twitch_channel_ids: [] } }) },
  // the matrix's credential does not act for the panel's channel, whose bot is off
  'bot.command': {
    request: ({ world }) => ({
      body: chatMessage(world.connectedChannelId, 'matrix-message'),
    }),
    answers: botChannelForbidden,
  },
  // a batch answers 200 with each message's refusal in its place
  'bot.commandBatch': {
    request: ({ world }) => ({
      body: {
        messages: [chatMessage(world.connectedChannelId, 'matrix-batched-message')],
      },
    }),
  },
  'bot.sendReply': {
    request: ({ world }) => ({
      body: {
        twitch_channel_id: world.connectedChannelId,
        reply: { text: 'hi', reply_to_message_id: null, kind: 'answer' },
      },
    }),
    answers: botChannelForbidden,
  },
};
