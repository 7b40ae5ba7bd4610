import sharp from 'sharp';

/**
 * Makes the flat backdrop of an AI image transparent. Models without a transparency option
 * (DALL·E) are asked for a plain backdrop; the backdrop is flood-filled from the borders, so
 * colours inside the subject that match it are kept.
 */

const TOLERANCE = 42;
const FEATHER = 90;

/** Whether a transparent-background type came back with opaque corners. */
export async function needsCutout(image: Buffer): Promise<boolean> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const corners = [0, info.width - 1, (info.height - 1) * info.width, info.height * info.width - 1];
  return corners.some((pixel) => (data[pixel * 4 + 3] ?? 0) > 16);
}

export async function cutOutBackground(image: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const at = (pixel: number, channel: number): number => data[pixel * 4 + channel] ?? 0;
  // the backdrop colour: the median of the four corners, channel by channel
  const corners = [0, width - 1, (height - 1) * width, height * width - 1];
  const median = (channel: number): number => {
    const values = corners.map((pixel) => at(pixel, channel)).sort((a, b) => a - b);
    return ((values[1] ?? 0) + (values[2] ?? 0)) / 2;
  };
  const backdrop = [median(0), median(1), median(2)] as const;
  const distance = (pixel: number): number =>
    Math.hypot(at(pixel, 0) - backdrop[0], at(pixel, 1) - backdrop[1], at(pixel, 2) - backdrop[2]);

  const removed = new Uint8Array(width * height);
  const stack: number[] = [];
  const visit = (pixel: number): void => {
    if (removed[pixel] === 0 && distance(pixel) <= TOLERANCE) {
      removed[pixel] = 1;
      stack.push(pixel);
    }
  };
  for (let x = 0; x < width; x++) {
    visit(x);
    visit((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    visit(y * width);
    visit(y * width + width - 1);
  }
  while (stack.length > 0) {
    const pixel = stack.pop()!;
    const x = pixel % width;
    if (x > 0) {
      visit(pixel - 1);
    }
    if (x < width - 1) {
      visit(pixel + 1);
    }
    if (pixel >= width) {
      visit(pixel - width);
    }
    if (pixel < width * (height - 1)) {
      visit(pixel + width);
    }
  }
  for (let pixel = 0; pixel < removed.length; pixel++) {
    if (removed[pixel] === 1) {
      data[pixel * 4 + 3] = 0;
    } else {
      // soften the edge: pixels close to the backdrop colour next to a removed pixel fade out
      const x = pixel % width;
      const touches =
        (x > 0 && removed[pixel - 1] === 1) ||
        (x < width - 1 && removed[pixel + 1] === 1) ||
        removed[pixel - width] === 1 ||
        removed[pixel + width] === 1;
      const d = distance(pixel);
      if (touches && d < FEATHER) {
        data[pixel * 4 + 3] = Math.round(at(pixel, 3) * (d / FEATHER));
      }
    }
  }
  return sharp(data, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
}
