import type { StylePreset } from '@aurastream/contract';
import { dimensionsFor, type AssetDimensions } from './dimensions';
import type { RenderRequest } from './types';

/**
 * The image prompt for a request: the streamer's words plus the brand, the channel, the style
 * preset and the asset type's hard constraints, so an image model aims at something Twitch accepts.
 */

const STYLE_DIRECTIONS: Record<StylePreset, string> = {
  chibi: 'chibi style: oversized head, tiny body, big sparkling eyes, soft cel shading',
  pixel_art: 'pixel art: crisp square pixels, limited retro palette, no anti-aliasing, 16-bit game look',
  kawaii: 'kawaii style: pastel colours, rounded shapes, blush cheeks, sparkles, soft and cute',
  '3d': '3D render look: glossy soft plastic materials, studio lighting, gentle depth and highlights',
  anime: 'anime style: clean line art, expressive eyes, cel shading, dynamic energy',
  meme: 'meme style: exaggerated expression, bold comic outlines, punchy saturated colours, instantly funny',
  minimal_flat: 'minimal flat design: geometric shapes, flat colours, no gradients, generous negative space',
  neon: 'neon style: glowing neon tubes and outlines on a dark background, cyberpunk synthwave colours',
  retro: 'retro style: 80s synthwave and vintage print, halftone texture, warm sunset palette',
  bold_esports: 'esports mascot style: aggressive angular shapes, thick outlines, high contrast, team-logo energy',
};

/** What each kind of asset must look like to work where Twitch shows it. */
function constraintsFor(dims: AssetDimensions): string {
  switch (dims.twitch_asset_type) {
    case 'emote':
      return 'A single centred subject filling the square frame on a transparent background; thick dark outlines, two or three bold flat colours, big simple shapes, no small details and no tiny text; it must read at 28 px in chat.';
    case 'badge':
      return 'A single simple symbol or badge shape centred on a transparent background; very thick outline, strong contrast, no text and no fine detail; it must read at 18 px next to a chat name.';
    case 'reward_icon':
      return 'A single bold symbol centred on a transparent background, filling the square; very thick outline, two or three flat colours, no text; it must read at 28 px on a channel-point reward tile.';
    case 'panel':
      return 'A wide 2:1 panel header with a large clear title area and a small icon; clean edges.';
    case 'overlay':
      return 'A 16:9 stream overlay: decorative frame elements only along the edges and a webcam frame in a corner; the centre must be completely transparent for gameplay.';
    case 'chat_box':
      return 'A tall 2:3 chat box frame: decorated border and header, translucent dark body, transparent outside the frame.';
    case 'alert':
      return 'A stream alert graphic on a transparent background: an eye-catching burst or emblem with a banner for the event name; leave the bottom third clear.';
    case 'banner':
      return 'A wide 5:2 profile banner; keep the important content in the middle 1000x380 px; no text near the edges.';
    case 'thumbnail':
      return 'A 16:9 video thumbnail with one strong focal point, high contrast and room for three or four huge words.';
    case 'offline_screen':
    case 'starting_soon':
    case 'brb':
    case 'ending':
    case 'schedule':
    case 'transition':
      return 'A 16:9 full-screen stream scene with clear space for a big headline; readable from across the room.';
  }
}

export function buildImagePrompt(request: RenderRequest, maxLength = 4000): string {
  const dims = dimensionsFor(request.asset_type);
  // the type's constraints come first so a cut for length only ever drops context
  const parts: string[] = [`Twitch ${dims.name.toLowerCase()}: ${dims.description}`, constraintsFor(dims)];
  if (request.style_preset) {
    parts.push(`Style: ${STYLE_DIRECTIONS[request.style_preset]}.`);
  }
  parts.push(`Subject: ${request.prompt.trim()}`);
  if (request.text?.trim()) {
    parts.push(`Include the text "${request.text.trim()}" in bold, legible lettering.`);
  }
  if (request.brand) {
    const colours = [...request.brand.primary_colors, ...request.brand.accent_colors].slice(0, 5);
    const brand = [`Brand "${request.brand.name}"`];
    if (colours.length > 0) {
      brand.push(`colours ${colours.join(', ')}`);
    }
    if (request.brand.tone) {
      brand.push(`${request.brand.tone} tone`);
    }
    if (request.brand.fonts.headline) {
      brand.push(`lettering like ${request.brand.fonts.headline}`);
    }
    if (request.brand.style_reference) {
      brand.push(`in the spirit of: ${request.brand.style_reference}`);
    }
    parts.push(`${brand.join('; ')}.`);
  }
  if (request.channel) {
    const channel = [`For the Twitch channel ${request.channel.broadcaster_name}`];
    if (request.channel.category_name) {
      channel.push(`who streams ${request.channel.category_name}`);
    }
    if (request.channel.title) {
      channel.push(`current stream "${request.channel.title}"`);
    }
    parts.push(`${channel.join(', ')}.`);
  }
  if (request.variation > 0) {
    parts.push(`Variation ${request.variation + 1}: a distinctly different composition from the first.`);
  }
  const prompt = parts.join(' ');
  return prompt.length <= maxLength ? prompt : `${prompt.slice(0, maxLength - 1)}…`;
}
