import { expect } from 'chai';
import sharp from 'sharp';
import { inspectImage, sniffImageFormat } from './image-inspection';
import { UnsupportedMediaTypeError, ValidationError } from '../shared/errors';

function image(format: 'png' | 'jpeg' | 'webp' | 'gif', width = 20, height = 10): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .toFormat(format)
    .toBuffer();
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('image inspection', () => {
  it('recognises formats by their bytes', async () => {
    expect(sniffImageFormat(await image('png'))).to.equal('png');
    expect(sniffImageFormat(await image('jpeg'))).to.equal('jpeg');
    expect(sniffImageFormat(await image('webp'))).to.equal('webp');
    expect(sniffImageFormat(await image('gif'))).to.equal('gif');
    expect(sniffImageFormat(Buffer.from('\uFEFF  <svg xmlns="http://www.w3.org/2000/svg"/>'))).to.equal('svg');
    expect(sniffImageFormat(Buffer.from('<html><body>hi</body></html>'))).to.equal('unknown');
    expect(sniffImageFormat(Buffer.alloc(0))).to.equal('unknown');
  });

  it('answers the format and dimensions of a valid image', async () => {
    expect(await inspectImage(await image('webp', 30, 40), { maxSide: 100 })).to.deep.equal({
      format: 'webp',
      contentType: 'image/webp',
      width: 30,
      height: 40,
    });
  });

  it('refuses SVG, GIF and unknown content as unsupported (415)', async () => {
    for (const data of [Buffer.from('<svg></svg>'), await image('gif'), Buffer.from('PK\u0003\u0004zip')]) {
      const error = await rejection(inspectImage(data, { maxSide: 100 }));
      expect(error).to.be.instanceOf(UnsupportedMediaTypeError);
      expect((error as UnsupportedMediaTypeError).code).to.equal('unsupported_image_type');
    }
  });

  it('refuses a PNG signature followed by garbage, and a truncated image', async () => {
    const fake = Buffer.concat([(await image('png')).subarray(0, 8), Buffer.from('garbage garbage garbage')]);
    expect(await rejection(inspectImage(fake, { maxSide: 100 }))).to.be.instanceOf(ValidationError);
    const big = await image('png', 400, 400);
    const truncated = big.subarray(0, big.length - 40);
    const error = await rejection(inspectImage(truncated, { maxSide: 1000 }));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).details).to.deep.equal([
      { field: 'file', message: 'The PNG image is damaged or incomplete', code: 'invalid_image' },
    ]);
  });

  it('refuses images larger than the maximum side', async () => {
    const error = await rejection(inspectImage(await image('png', 300, 20), { maxSide: 256 }));
    expect((error as ValidationError).details).to.have.nested.property('[0].code', 'image_dimensions_out_of_range');
  });
});
