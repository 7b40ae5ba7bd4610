import sharp, { type Sharp } from 'sharp';
import { ValidationError } from '../shared/errors';
import type { AcceptedImageFormat, InspectedImage } from './image-inspection';

export interface ReencodedImage {
  data: Buffer;
  format: AcceptedImageFormat;
  contentType: `image/${AcceptedImageFormat}`;
  /** After the orientation was applied. */
  width: number;
  height: number;
}

/** Lossless for PNG; for JPEG and WebP a quality high enough that a logo's edges stay crisp. */
function encode(image: Sharp, format: AcceptedImageFormat): Sharp {
  switch (format) {
    case 'png':
      return image.png();
    case 'jpeg':
      return image.jpeg({ quality: 92, mozjpeg: true });
    case 'webp':
      return image.webp({ quality: 92, effort: 4 });
  }
}

/**
 * Writes an uploaded image anew from its pixels, so nothing but the image is kept: no EXIF (GPS
 * position, camera), XMP or IPTC block, no PNG text chunks, nothing after the image's end (a file
 * that is also an HTML page). What the image needs survives: its ICC colour profile, and its EXIF
 * orientation, applied to the pixels (so it shows upright without the tag). Call after
 * `inspectImage`, which has checked the format and size.
 */
export async function reencodeImage(
  data: Buffer,
  inspected: InspectedImage,
  options: { maxSide: number; field?: string },
): Promise<ReencodedImage> {
  try {
    const { data: output, info } = await encode(
      sharp(data, { failOn: 'error', limitInputPixels: options.maxSide * options.maxSide })
        .autoOrient()
        .keepIccProfile(),
      inspected.format,
    ).toBuffer({ resolveWithObject: true });
    return {
      data: output,
      format: inspected.format,
      contentType: inspected.contentType,
      width: info.width,
      height: info.height,
    };
  } catch {
    throw ValidationError.forField(
      options.field ?? 'file',
      `The ${inspected.format.toUpperCase()} image cannot be read`,
      'invalid_image',
    );
  }
}
