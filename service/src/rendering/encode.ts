import sharp, { type Sharp } from 'sharp';
import type { AssetDimensions, OutputSize } from './dimensions';
import type { RenderedFile } from './types';

/** Pixels straight from the canvas: premultiplied RGBA, 4 bytes a pixel. */
export interface RawImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Where the master image comes from and how it is fitted to each size. */
export type MasterSource =
  | { kind: 'raw'; image: RawImage; pixelArt: boolean }
  /** An encoded image (an AI result) cropped to each size around what draws the eye. */
  | { kind: 'encoded'; data: Buffer };

/** A file could not be brought under the destination's byte limit. */
export class ByteLimitError extends Error {
  override readonly name = 'ByteLimitError';
}

function open(source: MasterSource): Sharp {
  if (source.kind === 'raw') {
    const { width, height, data } = source.image;
    return sharp(data, { raw: { width, height, channels: 4, premultiplied: true } });
  }
  return sharp(source.data);
}

/** A pipeline giving one output size: fitted, sharpened when small, alpha kept or dropped. */
async function pipelineFor(source: MasterSource, size: OutputSize, transparent: boolean): Promise<Sharp> {
  let pipeline = open(source);
  const master = source.kind === 'raw' ? source.image : null;
  const same = master !== null && master.width === size.width && master.height === size.height;
  if (same) {
    return transparent ? pipeline.ensureAlpha() : pipeline.flatten({ background: '#000000' }).removeAlpha();
  }
  const pixelArt = source.kind === 'raw' && source.pixelArt;
  pipeline = pipeline.resize(size.width, size.height, {
    fit: source.kind === 'raw' ? 'fill' : 'cover',
    position: source.kind === 'raw' ? 'centre' : sharp.strategy.attention,
    kernel: pixelArt ? 'nearest' : 'lanczos3',
  });
  // downscaling 4x or more softens edges that matter at 18-28 px
  if (!pixelArt && size.width <= 72) {
    pipeline = pipeline.sharpen({ sigma: size.width <= 36 ? 0.5 : 0.7 });
  }
  if (!transparent) {
    return pipeline.flatten({ background: '#000000' }).removeAlpha();
  }
  // resampling spreads a faint haze of alpha into the transparent background: clear it
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 3; i < data.length; i += 4) {
    if ((data[i] ?? 0) < 8) {
      data[i] = 0;
    }
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } });
}

interface Attempt {
  format: 'png' | 'jpeg';
  encode: (image: Sharp) => Sharp;
}

/** Ever smaller encodings, tried in order until one fits the limit. */
function attempts(dims: AssetDimensions): Attempt[] {
  const list: Attempt[] = [
    { format: 'png', encode: (image) => image.png({ compressionLevel: 6 }) },
    { format: 'png', encode: (image) => image.png({ compressionLevel: 9, adaptiveFiltering: true }) },
    ...[256, 128, 64].map((colours): Attempt => ({
      format: 'png',
      encode: (image) => image.png({ compressionLevel: 9, palette: true, colours, dither: 1 }),
    })),
  ];
  if (!dims.transparent && dims.accepted_formats.includes('jpeg')) {
    list.push(
      ...[90, 80, 70, 55, 40].map((quality): Attempt => ({
        format: 'jpeg',
        encode: (image) => image.jpeg({ quality, mozjpeg: true, chromaSubsampling: quality >= 90 ? '4:4:4' : '4:2:0' }),
      })),
    );
  }
  return list;
}

/**
 * Encodes one size, re-encoding smaller until it is within the byte limit. Each attempt runs the
 * whole pipeline again, so the usual case (the first attempt fits) costs a single pass.
 */
async function encodeWithinLimit(source: MasterSource, size: OutputSize, dims: AssetDimensions): Promise<RenderedFile> {
  let smallest = Number.POSITIVE_INFINITY;
  for (const attempt of attempts(dims)) {
    const data = await attempt.encode(await pipelineFor(source, size, dims.transparent)).toBuffer();
    if (data.length <= dims.max_bytes) {
      return { width: size.width, height: size.height, format: attempt.format, data, size_label: size.label };
    }
    smallest = Math.min(smallest, data.length);
  }
  throw new ByteLimitError(
    `${dims.asset_type} ${size.label} stays ${smallest} bytes after every re-encoding; the limit is ${dims.max_bytes}`,
  );
}

/** Every size the asset type needs, largest first, each within the byte limit. */
export async function encodeAllSizes(source: MasterSource, dims: AssetDimensions): Promise<RenderedFile[]> {
  return Promise.all(dims.sizes.map(async (size) => encodeWithinLimit(source, size, dims)));
}
