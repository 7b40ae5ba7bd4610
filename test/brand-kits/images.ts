import sharp from 'sharp';
import { pngChunk } from '../e2e/support/png';

/** A small solid image in the given format, made with sharp. */
export async function makeImage(format: 'png' | 'jpeg' | 'webp', width = 64, height = 48): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 4, background: { r: 145, g: 70, b: 255, alpha: 1 } } });
  return image.toFormat(format).toBuffer();
}

/** A multipart form with a logo file, as a browser would send it. */
export function logoForm(
  data: Buffer,
  options: { logoType?: string; filename?: string; contentType?: string } = {},
): FormData {
  const form = new FormData();
  if (options.logoType !== undefined) {
    form.append('logo_type', options.logoType);
  }
  form.append(
    'file',
    new Blob([new Uint8Array(data)], { type: options.contentType ?? 'image/png' }),
    options.filename ?? 'logo.png',
  );
  return form;
}

/** The EXIF tag that points at the GPS block (0x8825), as stored in a little-endian EXIF block. */
export const GPS_IFD_TAG = Buffer.from([0x25, 0x88]);

/**
 * A JPEG as a phone camera writes it: an EXIF block with the camera maker, GPS coordinates and an
 * orientation (6: the pixels are stored turned a quarter to the left, so the image shows 48×64).
 */
export async function makeCameraJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'SpyCam', Model: 'Pocket 3000' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 2405/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 17/1 40/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** A PNG carrying a Display P3 colour profile, which the image needs to show its colours right. */
export async function makeP3Png(): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 32, channels: 3, background: '#ff2d55' } })
    .png()
    .withIccProfile('p3')
    .toBuffer();
}

/**
 * A valid PNG with a `tEXt` chunk holding a script just before its end, and an HTML page appended
 * after the end: decoders ignore both, a browser sniffing the file might not.
 */
export async function makePngWithHiddenHtml(): Promise<{ data: Buffer; marker: string }> {
  const marker = 'aurastream-hidden-payload';
  const png = await makeImage('png', 40, 30);
  const iend = png.length - 12;
  const text = pngChunk('tEXt', Buffer.from(`Comment\0<script>alert("${marker}")</script>`, 'latin1'));
  const tail = Buffer.from(`<html><body><script>fetch("/${marker}")</script></body></html>`, 'latin1');
  return { data: Buffer.concat([png.subarray(0, iend), text, png.subarray(iend), tail]), marker };
}
