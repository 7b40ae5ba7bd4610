import { expect } from 'chai';
import sharp from 'sharp';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';
import { GPS_IFD_TAG, logoForm, makeCameraJpeg, makeP3Png, makePngWithHiddenHtml } from './images';

describe('brand kit logos are re-encoded without their metadata', () => {
  let app: TestService;
  let owner: TestUser;
  let kitId: string;

  before(async () => {
    app = await startTestService();
    owner = await app.createUser({ tier: 'studio' });
    kitId = (await owner.api.brandKits.create({ body: { name: 'Metadata kit' } })).id;
  });
  after(async () => {
    await app.stop();
  });

  async function uploadAndFetch(data: Buffer, logoType: string, contentType: string) {
    const logo = await owner.api.brandKits.uploadLogo({
      params: { id: kitId },
      body: logoForm(data, { logoType, contentType, filename: `logo.${contentType.split('/')[1]}` }),
    });
    const response = await fetch(logo.url);
    expect(response.status).to.equal(200);
    const served = Buffer.from(await response.arrayBuffer());
    return { logo, served, metadata: await sharp(served).metadata() };
  }

  it("drops a camera JPEG's EXIF (GPS position, camera) and applies its orientation to the pixels", async () => {
    const original = await makeCameraJpeg();
    const before = await sharp(original).metadata();
    expect(before.exif?.includes(GPS_IFD_TAG), 'the upload carries GPS').to.equal(true);
    expect(before.orientation).to.equal(6);

    const { logo, served, metadata } = await uploadAndFetch(original, 'primary', 'image/jpeg');

    expect(metadata.format).to.equal('jpeg');
    expect(metadata.exif).to.equal(undefined);
    expect(metadata.xmp).to.equal(undefined);
    expect(metadata.orientation ?? 1).to.equal(1);
    expect(served.includes(Buffer.from('SpyCam'))).to.equal(false);
    expect(served.includes(Buffer.from('Exif\0\0', 'latin1'))).to.equal(false);
    // turned upright: the 64×48 stored pixels show as 48×64
    expect({ width: metadata.width, height: metadata.height }).to.deep.equal({ width: 48, height: 64 });
    expect(logo).to.include({ width: 48, height: 64, format: 'jpeg', fileSize: served.length });
  });

  it('drops text chunks and anything after the end of a PNG', async () => {
    const { data, marker } = await makePngWithHiddenHtml();
    expect(data.includes(Buffer.from(marker))).to.equal(true);

    const { logo, served, metadata } = await uploadAndFetch(data, 'secondary', 'image/png');

    expect(metadata.format).to.equal('png');
    expect({ width: metadata.width, height: metadata.height }).to.deep.equal({ width: 40, height: 30 });
    expect(served.includes(Buffer.from(marker))).to.equal(false);
    expect(served.includes(Buffer.from('<html'))).to.equal(false);
    expect(served.includes(Buffer.from('tEXt'))).to.equal(false);
    // the file ends where the PNG ends
    expect(served.subarray(-8, -4).toString('latin1')).to.equal('IEND');
    expect(logo.fileSize).to.equal(served.length);
  });

  it('keeps the colour profile the image needs', async () => {
    const original = await makeP3Png();
    const profile = (await sharp(original).metadata()).icc;
    expect(profile).to.be.instanceOf(Buffer);

    const { metadata } = await uploadAndFetch(original, 'icon', 'image/png');

    expect(metadata.icc?.equals(profile as Buffer), 'the same ICC profile').to.equal(true);
  });
});
