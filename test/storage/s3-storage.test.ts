import { expect } from 'chai';
import sharp from 'sharp';
import { startTestService } from '@aurastream/service/testing';
import { S3FileStorage } from '../../service/src/storage/s3-storage';
import { logoForm, makeImage } from '../brand-kits/images';
import { startFakeS3Server, type FakeS3Server } from './fake-s3-server';

describe('S3 file storage (against a fake S3-compatible server)', () => {
  let s3: FakeS3Server;
  let storage: S3FileStorage;

  before(async () => {
    s3 = await startFakeS3Server({ bucket: 'aura-test', accessKeyId: 'test-key' });
    storage = new S3FileStorage({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      bucket: 'aura-test',
      accessKeyId: 'test-key',
      secretAccessKey: 'test-secret',
      publicUrl: null,
    });
  });

  after(async () => {
    storage.destroy();
    await s3.close();
  });

  beforeEach(() => {
    s3.objects.clear();
    s3.requests.length = 0;
  });

  it('puts a file with its type and immutable caching, and gets it back', async () => {
    const data = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const stored = await storage.put('users/u1/logos/primary-1.png', data, 'image/png');
    expect(stored).to.deep.equal({
      key: 'users/u1/logos/primary-1.png',
      size: data.length,
      contentType: 'image/png',
      url: `${s3.endpoint}/aura-test/users/u1/logos/primary-1.png`,
    });
    expect(s3.objects.get('users/u1/logos/primary-1.png')).to.deep.include({
      contentType: 'image/png',
      cacheControl: 'public, max-age=31536000, immutable',
    });
    const file = await storage.get('users/u1/logos/primary-1.png');
    expect(file?.data.equals(data)).to.equal(true);
    expect(file).to.include({ contentType: 'image/png', size: data.length });
  });

  it('answers null for a missing file', async () => {
    expect(await storage.get('users/u1/nothing.png')).to.equal(null);
  });

  it('deletes a file, and deleting a missing one succeeds', async () => {
    await storage.put('users/u1/a.png', Buffer.from('a'), 'image/png');
    await storage.delete('users/u1/a.png');
    expect(s3.objects.has('users/u1/a.png')).to.equal(false);
    await storage.delete('users/u1/a.png');
  });

  it('deletes a whole folder across listing pages, and only that folder', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      await storage.put(`users/1/kits/${name}.png`, Buffer.from(name), 'image/png');
    }
    await storage.put('users/10/kits/kept.png', Buffer.from('kept'), 'image/png');
    await storage.deletePrefix('users/1');
    expect([...s3.objects.keys()]).to.deep.equal(['users/10/kits/kept.png']);
    expect(s3.requests.filter((request) => request === 'GET ListObjectsV2').length).to.be.greaterThan(1);
    expect(s3.requests).to.include('POST DeleteObjects');
  });

  it('refuses unsafe keys before any request', async () => {
    for (const key of ['../etc/passwd', 'users//x', '/abs', 'users/../x']) {
      let refused = false;
      try {
        await storage.put(key, Buffer.from('x'), 'text/plain');
      } catch {
        refused = true;
      }
      expect(refused, key).to.equal(true);
    }
    expect(s3.requests).to.deep.equal([]);
  });

  it('builds URLs from the public URL when one is set, or the AWS bucket URL', () => {
    const cdn = new S3FileStorage({
      endpoint: null,
      region: 'eu-west-1',
      bucket: 'assets',
      accessKeyId: '',
      secretAccessKey: '',
      publicUrl: 'https://cdn.example.com/',
    });
    const aws = new S3FileStorage({
      endpoint: null,
      region: 'eu-west-1',
      bucket: 'assets',
      accessKeyId: '',
      secretAccessKey: '',
    });
    expect(cdn.url('users/u/a-b_c.png')).to.equal('https://cdn.example.com/users/u/a-b_c.png');
    expect(aws.url('users/u/a.png')).to.equal('https://assets.s3.eu-west-1.amazonaws.com/users/u/a.png');
    cdn.destroy();
    aws.destroy();
  });
});

describe('the service with STORAGE_DRIVER=s3', () => {
  it('stores logos in the bucket and removes them with their kit', async () => {
    const s3 = await startFakeS3Server({ bucket: 'aura-logos', accessKeyId: 'service-key' });
    const app = await startTestService({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: 'aura-logos',
      S3_ACCESS_KEY_ID: 'service-key',
      S3_SECRET_ACCESS_KEY: 'service-secret',
      // URLs straight to the bucket (signed ones: signed-urls.test.ts)
      STORAGE_SIGNED_URLS: 'false',
    });
    try {
      const { api, user } = await app.createUser();
      const kit = await api.brandKits.create({ body: { name: 'Cloud' } });
      const png = await makeImage('png');
      const logo = await api.brandKits.uploadLogo({
        params: { id: kit.id },
        body: logoForm(png, { logoType: 'primary' }),
      });
      const key = logo.url.slice(`${s3.endpoint}/aura-logos/`.length);
      expect(key).to.match(new RegExp(`^users/${user.id}/brand-kits/${kit.id}/logos/primary-[0-9a-f-]+\\.png$`));
      // the logo is stored re-encoded: the same pixels in a file of its own
      const stored = s3.objects.get(key)?.data as Buffer;
      const [sentPixels, storedPixels] = await Promise.all([png, stored].map((data) => sharp(data).raw().toBuffer()));
      expect(storedPixels?.equals(sentPixels as Buffer)).to.equal(true);
      expect((await app.service.container.brandKits.getForGeneration(user.id, null))?.logo?.equals(stored)).to.equal(
        true,
      );
      await api.brandKits.delete({ params: { id: kit.id } });
      expect(s3.objects.size).to.equal(0);
    } finally {
      await app.stop();
      await s3.close();
    }
  });
});
