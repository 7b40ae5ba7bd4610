import { CHAT_MESSAGE_MAX_LENGTH } from '@aurastream/contract';

/** Cuts a text to fit a chat message, on a word where possible, with an ellipsis. */
export function fitChat(text: string, max = CHAT_MESSAGE_MAX_LENGTH): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  if (clean.length <= max) {
    return clean;
  }
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** A short quote of a viewer's words. */
export function quote(text: string, max = 60): string {
  return `“${fitChat(text, max)}”`;
}

/** `@name`, as chat mentions a chatter. */
export function mention(displayName: string): string {
  return `@${displayName}`;
}
