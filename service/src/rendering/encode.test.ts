import { expect } from 'chai';
import sharp from 'sharp';
import { TWITCH_DIMENSIONS, type AssetDimensions } from './dimensions';
import { ByteLimitError, encodeAllSizes, type RawImage } from './encode';
import { createRandom } from './random';

/** Random colour noise: the worst case for PNG compression. */
function noise(width: number, height: number, alpha = 255): RawImage {
  const random = createRandom('noise', width, height);
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = random.int(0, 255) * (alpha / 255);
    data[i + 1] = random.int(0, 255) * (alpha / 255);
    data[i + 2] = random.int(0, 255) * (alpha / 255);
    data[i + 3] = alpha;
  }
  return { width, height, data };
}

describe('encoding within byte limits', () => {
  it('re-encodes an opaque image as JPEG when no PNG fits the limit', async () => {
    const dims: AssetDimensions = {
      ...TWITCH_DIMENSIONS.thumbnail,
      sizes: [{ width: 320, height: 180, label: '320x180' }],
      max_bytes: 40 * 1024,
    };
    const [file] = await encodeAllSizes({ kind: 'raw', image: noise(320, 180), pixelArt: false }, dims);
    expect(file!.format).to.equal('jpeg');
    expect(file!.data.length).to.be.at.most(dims.max_bytes);
    expect((await sharp(file!.data).metadata()).format).to.equal('jpeg');
  });

  it('keeps a transparent type a PNG, falling back to a palette', async () => {
    const dims: AssetDimensions = {
      ...TWITCH_DIMENSIONS.alert,
      sizes: [{ width: 200, height: 150, label: '200x150' }],
      max_bytes: 90 * 1024,
    };
    const [file] = await encodeAllSizes({ kind: 'raw', image: noise(200, 150, 200), pixelArt: false }, dims);
    expect(file!.format).to.equal('png');
    expect(file!.data.length).to.be.at.most(dims.max_bytes);
    expect((await sharp(file!.data).metadata()).hasAlpha).to.equal(true);
  });

  it('fails loudly when nothing fits', async () => {
    const dims: AssetDimensions = { ...TWITCH_DIMENSIONS.badge, max_bytes: 100 };
    const error = await encodeAllSizes({ kind: 'raw', image: noise(72, 72), pixelArt: false }, dims).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ByteLimitError);
  });
});
