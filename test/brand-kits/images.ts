import sharp from 'sharp';

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
