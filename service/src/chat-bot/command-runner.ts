import type { ChatCommandBody, ChatCommandResultResponse } from '@aurastream/contract';
import { AppError } from '../shared/errors';
import { recordChatDrop } from '../observability/metrics';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { ChatBotSettings } from './chat-bot-settings.service';
import { fitChat, mention } from './chat-text';
import { hint, type CommandContext, type CommandOutcome, type createChatCommands } from './chat-commands';
import { parseCommand, reaches, roleOf } from './command-parser';
import type { CommandCooldowns } from './command-cooldowns';

const ROLE_NAMES = {
  broadcaster: 'the streamer',
  moderator: 'moderators',
  vip: 'VIPs and moderators',
  subscriber: 'subscribers',
  viewer: 'everyone',
} as const;

/**
 * Runs a chat message in a channel with the bot on: the prefix or an alias, the command's switch,
 * its minimum role, its cooldowns, then the command. Whatever goes wrong becomes a one-line reply:
 * a chat message never makes the bot throw.
 */
export class CommandRunner {
  constructor(
    private readonly deps: {
      commands: ReturnType<typeof createChatCommands>;
      cooldowns: CommandCooldowns;
      logger: Logger;
    },
  ) {}

  async run(owner: UserId, settings: ChatBotSettings, message: ChatCommandBody): Promise<ChatCommandResultResponse> {
    const parsed = parseCommand(message.text, settings);
    if (!parsed) {
      return { command: null, outcome: 'not_command', replies: [] };
    }
    const role = roleOf(message.chatter.badges);
    const context: CommandContext = {
      owner,
      channelId: message.twitch_channel_id,
      messageId: message.message_id,
      chatter: message.chatter,
      role,
      args: parsed.args,
      invocation: parsed.invocation,
      settings,
    };
    if (!parsed.command) {
      return {
        command: null,
        ...hint(context, `I don’t know “${fitChat(parsed.word, 25)}”. Try ${settings.prefix} help`),
      };
    }
    const command = parsed.command;
    const commandSettings = settings.commands[command];
    if (!commandSettings.enabled) {
      return { command, outcome: 'disabled', replies: [] };
    }
    if (!reaches(role, commandSettings.min_role)) {
      return {
        command,
        outcome: 'refused',
        replies: hint(context, `${parsed.invocation} is for ${ROLE_NAMES[commandSettings.min_role]}`).replies,
      };
    }
    // the streamer and their moderators are not held to cooldowns
    const cooled = !reaches(role, 'moderator');
    const chatterId = message.chatter.user_id;
    const cooling = cooled
      ? await this.deps.cooldowns.take(context.channelId, command, chatterId, commandSettings)
      : null;
    if (cooling) {
      recordChatDrop('command', cooling);
      return { command, outcome: 'cooldown', replies: [] };
    }
    const result = await this.attempt(command, context);
    if (cooled && result.outcome === 'hint') {
      // a hint (bad arguments) should not hold the chatter up
      await this.deps.cooldowns.release(context.channelId, command, chatterId, commandSettings);
    }
    return { command, ...result };
  }

  private async attempt(
    command: keyof ReturnType<typeof createChatCommands>,
    context: CommandContext,
  ): Promise<CommandOutcome> {
    try {
      return await this.deps.commands[command](context);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) {
        return {
          outcome: 'refused',
          replies: [
            {
              text: fitChat(`${mention(context.chatter.display_name)} ${error.message}`),
              reply_to_message_id: context.messageId,
              kind: 'answer',
            },
          ],
        };
      }
      this.deps.logger.error({ err: error, command, channelId: context.channelId }, 'a chat command failed');
      return hint(context, 'that did not work this time, try again in a minute');
    }
  }
}
