// moved to the config package so the bot aims twurple the same way; re-exported for the service
export {
  TWITCH_AUTH_URL,
  TWITCH_CHAT_URL,
  TWITCH_HELIX_URL,
  TwurpleEndpointError,
  aimTwurple,
  twurpleChatTarget,
  twurpleTargetOf,
  type TwitchBaseUrls,
  type TwurpleChatTarget,
  type TwurpleTarget,
} from '@aurastream/config/twitch-endpoints';
