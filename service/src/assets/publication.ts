/**
 * The one rule for what a new design's visibility is, wherever it was made (the dashboard, a pack,
 * chat, a viewer's idea): private. Most variations are throwaway; only what the streamer publishes
 * reaches the channel's panel and the public links.
 */
export const NEW_DESIGNS_ARE_PUBLIC = false;
