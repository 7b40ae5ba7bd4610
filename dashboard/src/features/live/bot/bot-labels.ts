import type { ChatBotChannelState, ChatTransport, ViewerRole } from '@aurastream/contract';

/** How the dashboard names each minimum role. */
export const ROLE_LABELS: Readonly<Record<ViewerRole, string>> = {
  viewer: 'Everyone',
  subscriber: 'Subscribers',
  vip: 'VIPs',
  moderator: 'Moderators',
  broadcaster: 'Only me',
};

export const TRANSPORT_LABELS: Readonly<Record<ChatTransport, string>> = {
  eventsub: 'EventSub + Helix (Twitch’s chat-bot badge)',
  irc: 'IRC chat (no public URL needed)',
};

/** What each channel state means for the streamer, and what to do about it. */
export const STATE_TEXT: Readonly<
  Record<ChatBotChannelState, { label: string; tone: 'ok' | 'warn' | 'off'; help: string }>
> = {
  active: { label: 'Serving your chat', tone: 'ok', help: 'The bot answers commands in your channel.' },
  off: { label: 'Off', tone: 'off', help: 'Turn the bot on to let your chat use AuraStream.' },
  needs_twitch: { label: 'Twitch not connected', tone: 'warn', help: 'Connect your Twitch channel first.' },
  needs_consent: {
    label: 'Needs your permission',
    tone: 'warn',
    help: 'Twitch asks you to let the bot into your chat. Grant it once; nothing else changes.',
  },
  revoked: {
    label: 'Twitch access withdrawn',
    tone: 'warn',
    help: 'Twitch no longer accepts AuraStream’s access to your channel. Connect Twitch again.',
  },
};
