export { AuraStreamBot, type AuraStreamBotOptions } from './aurastream-bot';
export { loadBotConfig, type BotConfig } from './config';
export { createBotLogger, type BotLogger } from './logger';
export { ManualClock, systemClock, type Clock } from './clock';
export { ReplyQueue, TWITCH_CHAT_LIMITS, REPLY_QUEUE_MAX, type ChatLimits, type TakeResult } from './reply-queue';
export { ChannelLeases } from './channel-leases';
export { RESTARTING_TEXT, looksLikeCommand } from './command-relay';
export type { BotChannel } from './chat-transport';
