import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { AssetDimensions } from '../dimensions';
import type { Design } from '../design';
import { drawFrame } from './frames';
import { drawBadge, drawEmote, drawRewardIcon } from './icon';
import { drawPanel } from './panel';
import { drawSchedule } from './schedule';
import { drawScene } from './scene';

/**
 * The size a type is drawn at: icons at 4x their largest size and panels at 2x, so downscaling
 * gives clean edges; full-screen art at its own size.
 */
export function masterSize(dims: AssetDimensions): { width: number; height: number } {
  const largest = dims.sizes[0];
  if (!largest) {
    throw new Error(`${dims.asset_type} has no output size`);
  }
  const factor = largest.width <= 112 ? 4 : largest.width <= 400 ? 2 : 1;
  return { width: largest.width * factor, height: largest.height * factor };
}

/** A drawn design: the canvas and every line of text written on it, in order. */
export interface DrawnDesign {
  canvas: Canvas;
  text: string[];
}

/** Notes each line of text as it is drawn (filled or outlined), once per line. */
function recordText(canvas: Canvas): string[] {
  const ctx = canvas.getContext('2d');
  const lines: string[] = [];
  const note = (line: string): void => {
    if (line.trim() && lines.at(-1) !== line) {
      lines.push(line);
    }
  };
  const fillText = ctx.fillText.bind(ctx);
  const strokeText = ctx.strokeText.bind(ctx);
  ctx.fillText = (line: string, x: number, y: number, maxWidth?: number) => {
    note(line);
    fillText(line, x, y, maxWidth);
  };
  ctx.strokeText = (line: string, x: number, y: number, maxWidth?: number) => {
    note(line);
    strokeText(line, x, y, maxWidth);
  };
  return lines;
}

/** Draws the design onto a fresh transparent canvas of the master size. */
export function drawDesign(design: Design, prompt: string): DrawnDesign {
  const { width, height } = masterSize(design.dims);
  const canvas = createCanvas(width, height);
  canvas.getContext('2d').lang = 'en';
  const text = recordText(canvas);
  switch (design.type) {
    case 'emote':
      drawEmote(canvas, design);
      break;
    case 'badge':
      drawBadge(canvas, design, prompt);
      break;
    case 'reward_icon':
      drawRewardIcon(canvas, design);
      break;
    case 'panel':
      drawPanel(canvas, design);
      break;
    case 'schedule':
      drawSchedule(canvas, design, prompt);
      break;
    case 'overlay':
    case 'alert':
    case 'chat_box':
      drawFrame(canvas, design);
      break;
    case 'banner':
    case 'offline_screen':
    case 'thumbnail':
    case 'transition':
    case 'starting_soon':
    case 'brb':
    case 'ending':
      drawScene(canvas, design);
      break;
  }
  if (design.dims.transparent) {
    clearFaintAlpha(canvas);
  }
  return { canvas, text: [...new Set(text)] };
}

/**
 * Glows and soft shadows leave a near-invisible haze (alpha of a few levels) reaching the edges;
 * clearing it keeps the background truly transparent and the files smaller.
 */
function clearFaintAlpha(canvas: Canvas, threshold = 10): void {
  const ctx = canvas.getContext('2d');
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const data = image.data;
  let changed = false;
  for (let i = 3; i < data.length; i += 4) {
    const alpha = data[i] ?? 0;
    if (alpha > 0 && alpha < threshold) {
      data[i - 3] = 0;
      data[i - 2] = 0;
      data[i - 1] = 0;
      data[i] = 0;
      changed = true;
    }
  }
  if (changed) {
    ctx.putImageData(image, 0, 0);
  }
}
