import type { StylePreset } from '@aurastream/contract';
import type { FontChoice } from './fonts';

/** How surfaces are shaded. */
export type Finish = 'glossy' | 'flat' | 'soft3d' | 'neon' | 'halftone' | 'cel';
/** The texture laid over a scene background. */
export type Pattern = 'rays' | 'dots' | 'grid' | 'stripes' | 'bokeh' | 'hex' | 'synthwave' | 'speedlines' | 'pixels';
/** How headline text stands off the background. */
export type TextEffect = 'hard' | 'soft' | 'glow' | 'extrude';
/** How a mascot's eyes are drawn. */
export type EyeStyle = 'sparkle' | 'dot' | 'anime' | 'flat';

/** Fallback colours of a look, used when no brand kit gives any. */
export interface PresetColors {
  main: string;
  second: string;
  accent: string;
  /** Deep background tone. */
  dark: string;
  /** Outline and ink. */
  outline: string;
}

/** Everything a style preset changes in the drawing. */
export interface StyleSpec {
  id: StylePreset | 'signature';
  headline: FontChoice;
  body: FontChoice;
  /** Outline thickness relative to an icon's size. */
  outline: number;
  finish: Finish;
  patterns: readonly Pattern[];
  /** 0 (square) to 1 (pill) corner roundness of cards and bars. */
  corner: number;
  pixelate: boolean;
  uppercase: boolean;
  eyes: EyeStyle;
  blush: boolean;
  /** Mascot head height relative to the icon (chibi heads are huge). */
  headScale: number;
  textEffect: TextEffect;
  colors: PresetColors;
}

const poppins = (weight: number): FontChoice => ({ family: 'Poppins', weight });

export const STYLE_PRESETS: Readonly<Record<StylePreset | 'signature', StyleSpec>> = {
  signature: {
    id: 'signature',
    headline: { family: 'Luckiest Guy', weight: 400 },
    body: poppins(700),
    outline: 0.05,
    finish: 'glossy',
    patterns: ['rays', 'bokeh', 'hex'],
    corner: 0.35,
    pixelate: false,
    uppercase: true,
    eyes: 'sparkle',
    blush: false,
    headScale: 0.9,
    textEffect: 'hard',
    colors: { main: '#8b5cf6', second: '#22d3ee', accent: '#f472b6', dark: '#120b2a', outline: '#140c24' },
  },
  chibi: {
    id: 'chibi',
    headline: { family: 'Luckiest Guy', weight: 400 },
    body: { family: 'Fredoka', weight: 700 },
    outline: 0.055,
    finish: 'cel',
    patterns: ['bokeh', 'dots'],
    corner: 0.6,
    pixelate: false,
    uppercase: true,
    eyes: 'sparkle',
    blush: true,
    headScale: 1,
    textEffect: 'hard',
    colors: { main: '#ff7eb6', second: '#7cc8ff', accent: '#ffd166', dark: '#2b1740', outline: '#3a2140' },
  },
  pixel_art: {
    id: 'pixel_art',
    headline: { family: 'Press Start 2P', weight: 400 },
    body: { family: 'Press Start 2P', weight: 400 },
    outline: 0.06,
    finish: 'flat',
    patterns: ['pixels', 'grid'],
    corner: 0,
    pixelate: true,
    uppercase: true,
    eyes: 'flat',
    blush: false,
    headScale: 0.88,
    textEffect: 'extrude',
    colors: { main: '#ffcd3c', second: '#3cb4ff', accent: '#ff5a5a', dark: '#1b1b3a', outline: '#101024' },
  },
  kawaii: {
    id: 'kawaii',
    headline: { family: 'Fredoka', weight: 700 },
    body: { family: 'Fredoka', weight: 600 },
    outline: 0.045,
    finish: 'soft3d',
    patterns: ['bokeh', 'dots'],
    corner: 0.8,
    pixelate: false,
    uppercase: false,
    eyes: 'sparkle',
    blush: true,
    headScale: 0.92,
    textEffect: 'soft',
    colors: { main: '#ffb3d9', second: '#a9e4ff', accent: '#fff0a0', dark: '#5b3e7a', outline: '#5a3d6b' },
  },
  '3d': {
    id: '3d',
    headline: { family: 'Russo One', weight: 400 },
    body: poppins(800),
    outline: 0.035,
    finish: 'soft3d',
    patterns: ['hex', 'rays'],
    corner: 0.3,
    pixelate: false,
    uppercase: true,
    eyes: 'dot',
    blush: false,
    headScale: 0.9,
    textEffect: 'extrude',
    colors: { main: '#ff7a1a', second: '#1ac8ff', accent: '#ffd23f', dark: '#101a33', outline: '#14213d' },
  },
  anime: {
    id: 'anime',
    headline: { family: 'Bangers', weight: 400 },
    body: poppins(700),
    outline: 0.04,
    finish: 'cel',
    patterns: ['speedlines', 'rays'],
    corner: 0.2,
    pixelate: false,
    uppercase: true,
    eyes: 'anime',
    blush: true,
    headScale: 0.92,
    textEffect: 'hard',
    colors: { main: '#ff4f79', second: '#4f9dff', accent: '#ffe066', dark: '#1c1030', outline: '#1e1030' },
  },
  meme: {
    id: 'meme',
    headline: { family: 'Bangers', weight: 400 },
    body: poppins(800),
    outline: 0.06,
    finish: 'flat',
    patterns: ['rays', 'dots'],
    corner: 0.1,
    pixelate: false,
    uppercase: true,
    eyes: 'dot',
    blush: false,
    headScale: 0.9,
    textEffect: 'hard',
    colors: { main: '#ffd60a', second: '#ffffff', accent: '#ff3b3b', dark: '#1a1a1a', outline: '#000000' },
  },
  minimal_flat: {
    id: 'minimal_flat',
    headline: { family: 'Bebas Neue', weight: 400 },
    body: poppins(500),
    outline: 0.025,
    finish: 'flat',
    patterns: ['grid', 'stripes'],
    corner: 0.25,
    pixelate: false,
    uppercase: true,
    eyes: 'flat',
    blush: false,
    headScale: 0.86,
    textEffect: 'soft',
    colors: { main: '#2ec4b6', second: '#ff9f1c', accent: '#e71d36', dark: '#011627', outline: '#011627' },
  },
  neon: {
    id: 'neon',
    headline: { family: 'Orbitron', weight: 900 },
    body: { family: 'Orbitron', weight: 700 },
    outline: 0.04,
    finish: 'neon',
    patterns: ['synthwave', 'grid'],
    corner: 0.3,
    pixelate: false,
    uppercase: true,
    eyes: 'flat',
    blush: false,
    headScale: 0.88,
    textEffect: 'glow',
    colors: { main: '#ff2bd6', second: '#00f0ff', accent: '#b4ff00', dark: '#0a0018', outline: '#12002a' },
  },
  retro: {
    id: 'retro',
    headline: { family: 'Bungee', weight: 400 },
    body: poppins(700),
    outline: 0.045,
    finish: 'halftone',
    patterns: ['synthwave', 'stripes', 'rays'],
    corner: 0.45,
    pixelate: false,
    uppercase: true,
    eyes: 'dot',
    blush: false,
    headScale: 0.9,
    textEffect: 'extrude',
    colors: { main: '#f4a261', second: '#2a9d8f', accent: '#e9c46a', dark: '#264653', outline: '#1d2d35' },
  },
  bold_esports: {
    id: 'bold_esports',
    headline: { family: 'Russo One', weight: 400 },
    body: { family: 'Bebas Neue', weight: 400 },
    outline: 0.05,
    finish: 'cel',
    patterns: ['stripes', 'hex', 'speedlines'],
    corner: 0.05,
    pixelate: false,
    uppercase: true,
    eyes: 'flat',
    blush: false,
    headScale: 0.9,
    textEffect: 'extrude',
    colors: { main: '#ff2e4d', second: '#00d1ff', accent: '#f5f5f5', dark: '#0b0f1a', outline: '#05070d' },
  },
};

/** The preset a brand's tone suggests when the streamer picked none. */
export function presetForTone(tone: string | undefined): StylePreset | 'signature' {
  const t = (tone ?? '').toLowerCase();
  if (/compet|esport|intense|aggressive/.test(t)) {
    return 'bold_esports';
  }
  if (/comed|funny|meme|chaotic/.test(t)) {
    return 'meme';
  }
  if (/profession|educat|corporate|clean/.test(t)) {
    return 'minimal_flat';
  }
  if (/cozy|cute|wholesome|chill/.test(t)) {
    return 'kawaii';
  }
  return 'signature';
}
