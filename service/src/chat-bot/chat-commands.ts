import {
  CHAT_BOT_COACH_REPLY_MAX_LENGTH,
  CHAT_BOT_COMMANDS,
  CHAT_BOT_COMMAND_USAGE,
  ideaAssetTypeSchema,
  type ChatBotCommand,
  type ChatReply,
  type Chatter,
  type IdeaAssetType,
  type ViewerRole,
} from '@aurastream/contract';
import type { Redis } from 'ioredis';
import type { IdeaActor } from '../ideas/ideas.api';
import { redisKeys } from '../db/redis-keys';
import type { UserId } from '../users/user.repository';
import type { ChatBotSettings } from './chat-bot-settings.service';
import { fitChat, mention, quote } from './chat-text';
import { firstWord, ideaNumberOf, reaches } from './command-parser';
import type { ChatGeneration, ChatIdeas, ChatPromptCoach } from './dependencies';

/** Everything a command knows about the message that called it. */
export interface CommandContext {
  owner: UserId;
  channelId: string;
  messageId: string;
  chatter: Chatter;
  role: ViewerRole;
  args: string;
  invocation: string;
  settings: ChatBotSettings;
}

export interface CommandOutcome {
  outcome: 'done' | 'hint' | 'refused';
  replies: ChatReply[];
}

/** How long `!aura go` may follow `!aura coach`. */
const COACH_PROMPT_TTL_SECONDS = 30 * 60;
/** How long an idea's announcements thread to the chat message it came from. */
const IDEA_MESSAGE_TTL_SECONDS = 7 * 86_400;

export interface ChatCommandDependencies {
  redis: Redis;
  ideas: ChatIdeas;
  generation: ChatGeneration;
  coach: ChatPromptCoach;
  /** Where a `!aura make` job's end is announced (the job-end listener reads it). */
  rememberMakeJob(jobId: string, channelId: string, messageId: string, chatter: string): Promise<void>;
}

type Handler = (context: CommandContext) => Promise<CommandOutcome>;

const reply = (context: CommandContext, text: string, kind: ChatReply['kind'] = 'answer'): ChatReply => ({
  text: fitChat(`${mention(context.chatter.display_name)} ${text}`),
  reply_to_message_id: context.messageId,
  kind,
});
const done = (context: CommandContext, text: string, kind: ChatReply['kind'] = 'answer'): CommandOutcome => ({
  outcome: 'done',
  replies: [reply(context, text, kind)],
});
export const hint = (context: CommandContext, text: string): CommandOutcome => ({
  outcome: 'hint',
  replies: [reply(context, text)],
});
const usage = (context: CommandContext, command: ChatBotCommand) =>
  hint(context, `try: ${context.settings.prefix} ${command} ${CHAT_BOT_COMMAND_USAGE[command].args}`.trim());

function actorOf(context: CommandContext): IdeaActor {
  return {
    channelId: context.channelId,
    viewer: {
      twitchUserId: context.chatter.user_id,
      displayName: context.chatter.display_name,
      opaqueId: null,
      badges: context.chatter.badges,
    },
  };
}

/** An asset type as a chatter types it (`emote`, `offline-screen`, `offline`), or null. */
export function assetTypeOf(word: string): IdeaAssetType | null {
  const normalised = word.toLowerCase().replace(/-/gu, '_');
  const parsed = ideaAssetTypeSchema.safeParse(normalised === 'offline' ? 'offline_screen' : normalised);
  return parsed.success ? parsed.data : null;
}

const ASSET_TYPES = ideaAssetTypeSchema.options.join(', ');

/** Each command's work. They throw the features' typed errors; the runner turns them into hints. */
export function createChatCommands(deps: ChatCommandDependencies): Record<ChatBotCommand, Handler> {
  const make = async (context: CommandContext, assetType: IdeaAssetType, prompt: string) => {
    const job = await deps.generation.make(context.owner, assetType, prompt);
    await deps.rememberMakeJob(job.job_id, context.channelId, context.messageId, context.chatter.display_name);
    return done(
      context,
      `queued: ${assetType.replace('_', ' ')} ${quote(prompt)}. I’ll post the link when it’s ready.`,
      'ack',
    );
  };

  return {
    async idea(context) {
      if (!context.args) {
        return usage(context, 'idea');
      }
      const idea = await deps.ideas.submitAsViewer(actorOf(context), 'chat', {
        text: context.args,
        asset_type: 'emote',
      });
      await deps.redis.set(redisKeys.chatBotIdeaMessage(idea.id), context.messageId, 'EX', IDEA_MESSAGE_TTL_SECONDS);
      const fate = idea.status === 'pending' ? 'waits for approval' : 'is approved, making it now';
      return done(context, `idea #${idea.number} ${fate}. Vote: ${context.settings.prefix} vote ${idea.number}`, 'ack');
    },

    async vote(context) {
      const number = ideaNumberOf(firstWord(context.args)[0]);
      if (number === null) {
        return usage(context, 'vote');
      }
      const result = await deps.ideas.vote(actorOf(context), { number });
      return done(
        context,
        `vote counted: idea #${result.number} has ${result.votes} vote${result.votes === 1 ? '' : 's'}`,
        'ack',
      );
    },

    async top(context) {
      const ideas = await deps.ideas.listForChannel(context.channelId, { status: 'pending', order: 'queue', limit: 3 });
      if (ideas.length === 0) {
        return done(context, `no ideas waiting. Suggest one: ${context.settings.prefix} idea <text>`);
      }
      const list = ideas.map((idea) => `#${idea.number} ${quote(idea.text, 40)} (${idea.votes})`).join(' · ');
      return done(context, `top ideas: ${list}`);
    },

    async approve(context) {
      const [word, prompt] = firstWord(context.args);
      const number = ideaNumberOf(word);
      if (number === null) {
        return usage(context, 'approve');
      }
      const idea = await deps.ideas.moderate(
        actorOf(context),
        { number },
        {
          action: 'approve',
          ...(prompt ? { prompt } : {}),
        },
      );
      return done(context, `approved idea #${idea.number}: making it now`);
    },

    async reject(context) {
      const [word, reason] = firstWord(context.args);
      const number = ideaNumberOf(word);
      if (number === null) {
        return usage(context, 'reject');
      }
      const idea = await deps.ideas.moderate(
        actorOf(context),
        { number },
        {
          action: 'reject',
          ...(reason ? { reason } : {}),
        },
      );
      return done(context, `rejected idea #${idea.number}${reason ? ` (${fitChat(reason, 80)})` : ''}`);
    },

    async make(context) {
      const [word, prompt] = firstWord(context.args);
      const assetType = assetTypeOf(word);
      if (!assetType || !prompt) {
        return hint(context, `try: ${context.settings.prefix} make <type> <prompt>, type one of ${ASSET_TYPES}`);
      }
      return make(context, assetType, prompt);
    },

    async coach(context) {
      const [word, rest] = firstWord(context.args);
      const typed = assetTypeOf(word);
      const assetType = typed && rest ? typed : 'emote';
      const text = typed && rest ? rest : context.args;
      if (!text) {
        return usage(context, 'coach');
      }
      const prompt = await deps.coach.suggest(context.owner, assetType, text);
      await deps.redis.set(
        redisKeys.chatBotCoachPrompt(context.channelId),
        JSON.stringify({ asset_type: assetType, prompt }),
        'EX',
        COACH_PROMPT_TTL_SECONDS,
      );
      const go = ` → ${context.settings.prefix} go`;
      return done(
        context,
        `${fitChat(prompt, CHAT_BOT_COACH_REPLY_MAX_LENGTH - go.length - context.chatter.display_name.length - 2)}${go}`,
      );
    },

    async go(context) {
      const stored = await deps.redis.getdel(redisKeys.chatBotCoachPrompt(context.channelId));
      if (!stored) {
        return hint(context, `nothing to make yet: ${context.settings.prefix} coach <idea> first`);
      }
      const { asset_type: assetType, prompt } = JSON.parse(stored) as { asset_type: IdeaAssetType; prompt: string };
      return make(context, assetType, prompt);
    },

    async status(context) {
      const pending = await deps.ideas.listForChannel(context.channelId, { status: 'pending', limit: 100 });
      const waiting = pending.length === 100 ? '100+' : String(pending.length);
      return done(
        context,
        `AuraStream is on here: ${waiting} idea${pending.length === 1 ? '' : 's'} waiting. ${context.settings.prefix} help for commands`,
      );
    },

    async help(context) {
      const open = CHAT_BOT_COMMANDS.filter((name) => {
        const command = context.settings.commands[name];
        return command.enabled && reaches(context.role, command.min_role);
      });
      return done(
        context,
        `commands: ${open.map((name) => `${context.settings.prefix} ${name} ${CHAT_BOT_COMMAND_USAGE[name].args}`.trim()).join(' · ')}`,
      );
    },
  };
}
