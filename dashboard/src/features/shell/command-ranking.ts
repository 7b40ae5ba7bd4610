/** What the command palette ranks: a command's title and the extra words it is also found by. */
export interface RankableCommand {
  id: string;
  title: string;
  keywords?: string;
}

/** How many recently run commands lead the list before anything is typed. */
export const RECENT_SHOWN = 3;

/**
 * How well `query` matches `text` as a subsequence ("bk" finds "Brand kits"): 0 for no match, else
 * 3 per letter right after the previous one, 2 per letter starting a word, 1 per other letter.
 */
export function matchScore(query: string, text: string): number {
  if (!query) {
    return 1;
  }
  const haystack = text.toLowerCase();
  let position = -1;
  let total = 0;
  for (const char of query.toLowerCase()) {
    const found = haystack.indexOf(char, position + 1);
    if (found === -1) {
      return 0;
    }
    total += found === position + 1 ? 3 : found === 0 || haystack[found - 1] === ' ' ? 2 : 1;
    position = found;
  }
  return total;
}

/**
 * The palette's list. Before anything is typed: the commands run most recently (newest first, at most
 * three) marked `recent`, then every other command in its usual order. Once typed: the commands the
 * query matches, best first; a match in the title outranks the same match in the keywords, and ties
 * keep the usual order.
 */
export function rankCommands<T extends RankableCommand>(
  commands: readonly T[],
  query: string,
  recentIds: readonly string[],
): (T & { recent: boolean })[] {
  if (!query) {
    const recent = recentIds.flatMap((id) => commands.filter((command) => command.id === id)).slice(0, RECENT_SHOWN);
    const rest = commands.filter((command) => !recent.includes(command));
    return [
      ...recent.map((command) => ({ ...command, recent: true })),
      ...rest.map((command) => ({ ...command, recent: false })),
    ];
  }
  return commands
    .map((command) => ({
      command,
      value: Math.max(matchScore(query, command.title), matchScore(query, command.keywords ?? '') - 1),
    }))
    .filter((entry) => entry.value > 0)
    .sort((a, b) => b.value - a.value)
    .map((entry) => ({ ...entry.command, recent: false }));
}
