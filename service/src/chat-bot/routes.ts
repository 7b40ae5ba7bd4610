import { Router } from 'express';
import {
  chatBotAdminEndpoints as admin,
  chatBotEndpoints as endpoints,
  chatBotServiceEndpoints as bot,
} from '@aurastream/contract';
import { bindRoute, type CallerVerifiers } from '../http/route';
import { AppError } from '../shared/errors';
import type { BotAccountService } from './bot-account.service';
import type { ChatBotApi } from './chat-bot.api';

/** Where the dashboard shows the bot (the callback lands there). */
export const CHAT_BOT_DASHBOARD_PATH = '/live/bot';

export function createChatBotRouter(deps: {
  callers: CallerVerifiers;
  api: ChatBotApi;
  account: BotAccountService;
  dashboardUrl: string;
}): Router {
  const { callers, api, account } = deps;
  const router = Router();

  bindRoute(router, callers, endpoints.get, ({ principal }) => api.getStatus(principal));
  bindRoute(router, callers, endpoints.updateSettings, ({ principal, body }) => api.updateSettings(principal, body));
  bindRoute(router, callers, endpoints.sendSimulatedChat, ({ principal, body }) =>
    api.sendSimulatedChat(principal, body),
  );
  bindRoute(router, callers, endpoints.simulatedChatLog, ({ principal }) => api.simulatedChatLog(principal));

  bindRoute(router, callers, admin.getAccount, ({ principal }) => api.getAccount(principal));
  bindRoute(router, callers, admin.disconnectAccount, ({ principal }) => api.disconnectAccount(principal));
  bindRoute(router, callers, admin.connectAccount, async ({ principal }) => ({
    authorization_url: await account.authorizationUrl(principal.id),
  }));
  // a browser navigation: the outcome goes to the dashboard in the URL, never as a JSON error
  bindRoute(router, callers, admin.accountCallback, async ({ query, res }) => {
    const landing = new URL(CHAT_BOT_DASHBOARD_PATH, deps.dashboardUrl);
    try {
      await account.complete(query);
      landing.searchParams.set('bot_account', 'connected');
    } catch (error) {
      if (!(error instanceof AppError)) {
        throw error;
      }
      landing.searchParams.set('bot_account', 'error');
      landing.searchParams.set('message', error.message);
    }
    res.redirect(302, landing.toString());
  });

  bindRoute(router, callers, bot.identity, ({ principal }) => api.identity(principal));
  bindRoute(router, callers, bot.saveTokens, ({ principal, body }) => api.saveTokens(principal, body));
  bindRoute(router, callers, bot.reportIdentityRevoked, ({ principal, body }) =>
    api.reportIdentityRevoked(principal, body.reason),
  );
  bindRoute(router, callers, bot.channels, ({ principal }) => api.channels(principal));
  bindRoute(router, callers, bot.presence, ({ principal, body }) => api.presence(principal, body.twitch_channel_ids));
  bindRoute(router, callers, bot.command, ({ principal, body }) => api.command(principal, body));
  bindRoute(router, callers, bot.commandBatch, ({ principal, body }) => api.commandBatch(principal, body.messages));
  bindRoute(router, callers, bot.sendReply, ({ principal, body }) => api.sendReply(principal, body));

  return router;
}
