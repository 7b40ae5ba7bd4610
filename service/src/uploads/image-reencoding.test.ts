import { expect } from 'chai';
import sharp from 'sharp';
import { inspectImage } from './image-inspection';
import { reencodeImage } from './image-reencoding';

const maxSide = 1000;

async function reencode(data: Buffer) {
  return reencodeImage(data, await inspectImage(data, { maxSide }), { maxSide });
}

describe('image re-encoding', () => {
  it('drops EXIF and XMP, and turns the pixels upright as the orientation said', async () => {
    const jpeg = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#cc3333' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'SpyCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } })
      .withXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>',
      )
      .withMetadata({ orientation: 8 })
      .toBuffer();
    const result = await reencode(jpeg);
    const metadata = await sharp(result.data).metadata();
    expect(metadata).to.include({ format: 'jpeg', width: 20, height: 30 });
    expect(metadata.exif).to.equal(undefined);
    expect(metadata.xmp).to.equal(undefined);
    expect(result).to.include({ format: 'jpeg', contentType: 'image/jpeg', width: 20, height: 30 });
    expect(result.data.includes(Buffer.from('SpyCam'))).to.equal(false);
  });

  it('keeps the ICC profile and the format', async () => {
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const original = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#22aa55' } })
        .toFormat(format)
        .withIccProfile('p3')
        .toBuffer();
      const { icc } = await sharp(original).metadata();
      const result = await reencode(original);
      const metadata = await sharp(result.data).metadata();
      expect(metadata.format, format).to.equal(format);
      expect(metadata.icc?.equals(icc as Buffer), `${format} profile`).to.equal(true);
    }
  });

  it('keeps nothing after the end of the image', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 4, background: '#000000' } })
      .png()
      .toBuffer();
    const result = await reencode(Buffer.concat([png, Buffer.from('<html><script>alert(1)</script></html>')]));
    expect(result.data.includes(Buffer.from('<html>'))).to.equal(false);
    expect(result.data.subarray(-8, -4).toString('latin1')).to.equal('IEND');
  });
});
