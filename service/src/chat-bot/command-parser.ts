import {
  CHAT_BOT_COMMANDS,
  VIEWER_ROLE_RANK,
  type ChatBotAlias,
  type ChatBotCommand,
  type ViewerRole,
} from '@aurastream/contract';

/** A chat message read as a command: which one (null: a word the bot does not know) and the rest. */
export interface ParsedCommand {
  command: ChatBotCommand | null;
  /** The command word as typed (for the hint when unknown). */
  word: string;
  /** The arguments, trimmed, inner spacing kept. */
  args: string;
  /** How it was called: `!aura idea` or an alias such as `!idea`, for hints. */
  invocation: string;
}

const isCommand = (word: string): word is ChatBotCommand => (CHAT_BOT_COMMANDS as readonly string[]).includes(word);

/**
 * Reads `<prefix> <command> <args>` or `<alias> <args>` (case-insensitive); null when the message
 * is not meant for the bot. The prefix alone is `help`.
 */
export function parseCommand(
  text: string,
  settings: { prefix: string; aliases: readonly ChatBotAlias[] },
): ParsedCommand | null {
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/u);
  const lowered = first.toLowerCase();
  if (lowered === settings.prefix.toLowerCase()) {
    const word = (rest[0] ?? 'help').toLowerCase();
    const args = trimmed
      .slice(first.length)
      .trimStart()
      .slice(rest[0]?.length ?? 0)
      .trim();
    return {
      command: isCommand(word) ? word : null,
      word,
      args,
      invocation: `${settings.prefix} ${word}`,
    };
  }
  const alias = settings.aliases.find((candidate) => candidate.alias.toLowerCase() === lowered);
  if (alias) {
    return { command: alias.command, word: alias.command, args: trimmed.slice(first.length).trim(), invocation: first };
  }
  return null;
}

/** The chatter's highest role, from the message's badges: the ideas feature's reading of them. */
export { roleOf } from '../ideas/idea-rules';

/** Whether a role reaches a command's minimum role. */
export function reaches(role: ViewerRole, minimum: ViewerRole): boolean {
  return VIEWER_ROLE_RANK[role] >= VIEWER_ROLE_RANK[minimum];
}

/** A whole number like `12` or `#12`; null otherwise. */
export function ideaNumberOf(word: string | undefined): number | null {
  const match = /^#?(\d{1,9})$/u.exec(word ?? '');
  return match?.[1] ? Number(match[1]) : null;
}

/** Splits off the first word. */
export function firstWord(args: string): [string, string] {
  const match = /^(\S+)\s*(.*)$/su.exec(args.trim());
  return match ? [match[1] ?? '', match[2] ?? ''] : ['', ''];
}
