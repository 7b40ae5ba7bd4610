import sharp from 'sharp';
import { UnsupportedMediaTypeError, ValidationError } from '../shared/errors';

/** Raster formats accepted from users. */
export type AcceptedImageFormat = 'png' | 'jpeg' | 'webp';

/** What the first bytes of a file say it is. */
export type SniffedFormat = AcceptedImageFormat | 'gif' | 'svg' | 'unknown';

export interface InspectedImage {
  format: AcceptedImageFormat;
  contentType: `image/${AcceptedImageFormat}`;
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function startsWith(data: Buffer, signature: Buffer | string, offset = 0): boolean {
  const bytes = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : signature;
  return data.length >= offset + bytes.length && data.subarray(offset, offset + bytes.length).equals(bytes);
}

/** Recognises a file by its magic bytes; the name and the declared type are never consulted. */
export function sniffImageFormat(data: Buffer): SniffedFormat {
  if (startsWith(data, PNG_SIGNATURE)) {
    return 'png';
  }
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) {
    return 'jpeg';
  }
  if (startsWith(data, 'RIFF') && startsWith(data, 'WEBP', 8)) {
    return 'webp';
  }
  if (startsWith(data, 'GIF87a') || startsWith(data, 'GIF89a')) {
    return 'gif';
  }
  const head = data
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if ((head.startsWith('<?xml') || head.startsWith('<svg') || head.startsWith('<!--')) && head.includes('<svg')) {
    return 'svg';
  }
  return 'unknown';
}

/**
 * Checks an uploaded image by its content: PNG, JPEG or WebP magic bytes, then a full decode with
 * sharp (a file that only starts like an image is refused) within `maxSide` pixels a side. SVG is
 * refused rather than sanitised: it can carry scripts and external references, and every place a
 * logo goes takes a raster image.
 */
export async function inspectImage(
  data: Buffer,
  options: { maxSide: number; field?: string },
): Promise<InspectedImage> {
  const field = options.field ?? 'file';
  const sniffed = sniffImageFormat(data);
  if (sniffed === 'svg') {
    throw new UnsupportedMediaTypeError(
      'unsupported_image_type',
      'SVG files are not accepted (they can carry scripts); export the logo as PNG or WebP',
      { detected: 'svg', accepted: ['png', 'jpeg', 'webp'] },
    );
  }
  if (sniffed === 'gif' || sniffed === 'unknown') {
    throw new UnsupportedMediaTypeError('unsupported_image_type', 'The file is not a PNG, JPEG or WebP image', {
      detected: sniffed,
      accepted: ['png', 'jpeg', 'webp'],
    });
  }
  const open = () =>
    sharp(data, { failOn: 'error', limitInputPixels: options.maxSide * options.maxSide, sequentialRead: true });
  let width: number | undefined;
  let height: number | undefined;
  try {
    // the header only (no pixel is decoded), read whatever size it declares so a decompression bomb
    // is refused by its declared size below rather than as unreadable
    const metadata = await sharp(data, { failOn: 'error', limitInputPixels: false }).metadata();
    if (metadata.format !== sniffed) {
      throw new Error(`decoded as ${metadata.format}`);
    }
    ({ width, height } = metadata);
  } catch {
    throw ValidationError.forField(
      field,
      `The file looks like ${sniffed.toUpperCase()} but cannot be read as an image`,
      'invalid_image',
    );
  }
  if (!width || !height || width > options.maxSide || height > options.maxSide) {
    throw ValidationError.forField(
      field,
      `The image is ${width ?? '?'}×${height ?? '?'} px; at most ${options.maxSide} px a side is accepted`,
      'image_dimensions_out_of_range',
    );
  }
  try {
    // decodes every pixel (strip by strip, not all in memory): a truncated or corrupt file fails here
    await open().stats();
  } catch {
    throw ValidationError.forField(
      field,
      `The ${sniffed.toUpperCase()} image is damaged or incomplete`,
      'invalid_image',
    );
  }
  return { format: sniffed, contentType: `image/${sniffed}`, width, height };
}
