/** One IRC line with IRCv3 tags, as Twitch chat speaks it. */
export interface IrcMessage {
  tags: Record<string, string>;
  prefix: string | null;
  command: string;
  params: string[];
}

const escapes: Record<string, string> = { ';': '\\:', ' ': '\\s', '\\': '\\\\', '\r': '\\r', '\n': '\\n' };
const unescapes: Record<string, string> = { ':': ';', s: ' ', '\\': '\\', r: '\r', n: '\n' };

export function escapeTagValue(value: string): string {
  return value.replace(/[; \\\r\n]/g, (char) => escapes[char] ?? char);
}

export function unescapeTagValue(value: string): string {
  return value.replace(/\\(.?)/g, (_, char: string) => unescapes[char] ?? char);
}

/** Parses `@tags :prefix COMMAND param param :trailing` (without the line ending). */
export function parseIrcLine(line: string): IrcMessage | null {
  let rest = line.trim();
  if (rest === '') {
    return null;
  }
  const tags: Record<string, string> = {};
  if (rest.startsWith('@')) {
    const space = rest.indexOf(' ');
    for (const pair of rest.slice(1, space === -1 ? undefined : space).split(';')) {
      const [key, ...value] = pair.split('=');
      if (key) {
        tags[key] = unescapeTagValue(value.join('='));
      }
    }
    rest = space === -1 ? '' : rest.slice(space + 1).trimStart();
  }
  let prefix: string | null = null;
  if (rest.startsWith(':')) {
    const space = rest.indexOf(' ');
    prefix = rest.slice(1, space === -1 ? undefined : space);
    rest = space === -1 ? '' : rest.slice(space + 1).trimStart();
  }
  const params: string[] = [];
  while (rest !== '') {
    if (rest.startsWith(':')) {
      params.push(rest.slice(1));
      break;
    }
    const space = rest.indexOf(' ');
    params.push(space === -1 ? rest : rest.slice(0, space));
    rest = space === -1 ? '' : rest.slice(space + 1).trimStart();
  }
  const command = params.shift();
  return command ? { tags, prefix, command: command.toUpperCase(), params } : null;
}

/** Formats a line; the last parameter becomes the trailing one when `trailing` is set or it needs to be. */
export function formatIrcLine(message: {
  tags?: Record<string, string>;
  prefix?: string;
  command: string;
  params?: string[];
  trailing?: string;
}): string {
  const parts: string[] = [];
  const tags = Object.entries(message.tags ?? {});
  if (tags.length > 0) {
    parts.push(`@${tags.map(([key, value]) => `${key}=${escapeTagValue(value)}`).join(';')}`);
  }
  if (message.prefix) {
    parts.push(`:${message.prefix}`);
  }
  parts.push(message.command, ...(message.params ?? []));
  if (message.trailing !== undefined) {
    parts.push(`:${message.trailing}`);
  }
  return parts.join(' ');
}
