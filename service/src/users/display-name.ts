import { BIDI_CONTROL_CHARACTERS, DISPLAY_NAME_MAX_LENGTH } from '@aurastream/contract';

/**
 * A display name taken from elsewhere (Twitch, a name stored before names were checked) made safe
 * to show: without control and bidirectional control characters, trimmed, at most
 * `DISPLAY_NAME_MAX_LENGTH` characters. Empty when nothing printable is left.
 */
export function cleanDisplayName(name: string): string {
  return [
    ...name
      .replace(BIDI_CONTROL_CHARACTERS, '')
      .replace(/\p{Cc}/gu, '')
      .trim(),
  ]
    .slice(0, DISPLAY_NAME_MAX_LENGTH)
    .join('')
    .trim();
}
