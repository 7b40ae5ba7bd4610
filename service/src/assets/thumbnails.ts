import sharp from 'sharp';

/**
 * Thumbnails: the library, the home page and the results show designs in tiles a few hundred
 * pixels wide, so a 1920×1080 offline screen (about 500 KB as a PNG) is shown from a WebP of its
 * size there instead (a few KB). Files no larger than a tile (emotes, badges, panels) have none.
 */

/** The longest side of a thumbnail: a tile's width at twice the pixel density. */
export const THUMBNAIL_MAX_SIDE = 480;

export function needsThumbnail(width: number, height: number): boolean {
  return Math.max(width, height) > THUMBNAIL_MAX_SIDE;
}

/** Where a file's thumbnail is stored: beside it, `<asset id>[.<suffix>].thumb.webp`. */
export function thumbnailKeyOf(fileKey: string): string {
  return fileKey.replace(/\.[a-z]+$/, '.thumb.webp');
}

/** A WebP no larger than THUMBNAIL_MAX_SIDE on either side, transparency kept. */
export async function renderThumbnail(image: Buffer): Promise<Buffer> {
  return sharp(image)
    .resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 78, effort: 4 })
    .toBuffer();
}
