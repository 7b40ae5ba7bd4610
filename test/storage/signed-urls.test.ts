import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { S3FileStorage } from '../../service/src/storage/s3-storage';
import { logoForm, makeImage } from '../brand-kits/images';
import { waitForJobEnd } from '../generation/support';
import { startS3rver, type S3rverHandle } from './s3rver-server';

/** Follows one redirect by hand: its status, Location and Cache-Control. */
async function redirectOf(url: string): Promise<{ status: number; location: string; cacheControl: string | null }> {
  const response = await fetch(url, { redirect: 'manual' });
  return {
    status: response.status,
    location: response.headers.get('location') ?? '',
    cacheControl: response.headers.get('cache-control'),
  };
}

describe('signed file URLs from the object store (s3rver)', function () {
  this.timeout(60_000);
  let s3: S3rverHandle;
  let app: TestService;

  before(async () => {
    s3 = await startS3rver('aura-signed');
    app = await startTestService({ ...s3.env, STORAGE_SIGNED_URL_SECONDS: '600' });
  });
  after(async () => {
    await app.stop();
    await s3.close();
  });

  it("hands out file URLs on the service, which redirect to the file's signed URL in the bucket", async () => {
    const { api } = await app.createUser();
    const kit = await api.brandKits.create({ body: { name: 'Signed' } });
    const png = await makeImage('png');
    const logo = await api.brandKits.uploadLogo({
      params: { id: kit.id },
      body: logoForm(png, { logoType: 'primary' }),
    });
    expect(logo.url.startsWith(`${app.url}/files/`), logo.url).to.equal(true);

    const redirect = await redirectOf(logo.url);
    expect(redirect.status).to.equal(302);
    const signed = new URL(redirect.location);
    expect(signed.origin).to.equal(s3.endpoint);
    expect(signed.pathname).to.equal(`/aura-signed/${logo.url.slice(`${app.url}/files/`.length)}`);
    // valid at least the configured time, at most half as long again
    const expires = Number(signed.searchParams.get('X-Amz-Expires'));
    expect(expires).to.equal(900);
    // a cached redirect never outlives the URL it names
    expect(redirect.cacheControl).to.equal('public, max-age=300');

    const file = await fetch(signed);
    expect(file.status).to.equal(200);
    expect(file.headers.get('content-type')).to.equal('image/png');
    const stored = await app.service.infra.storage.get(logo.url.slice(`${app.url}/files/`.length));
    expect(Buffer.from(await file.arrayBuffer()).equals(stored?.data ?? Buffer.alloc(0))).to.equal(true);
    // the same window signs the same URL, so browsers keep their cached copy
    expect((await redirectOf(logo.url)).location).to.equal(redirect.location);
  });

  // s3rver serves reads without checking a presigned URL's signature (MinIO and S3 do), but it
  // does refuse one past its expiry
  it('signs each URL with the access key, for a time, and the store refuses it once expired', async () => {
    const { api } = await app.createUser();
    const kit = await api.brandKits.create({ body: { name: 'Expiring' } });
    const logo = await api.brandKits.uploadLogo({
      params: { id: kit.id },
      body: logoForm(await makeImage('png'), { logoType: 'primary' }),
    });
    const signed = new URL((await redirectOf(logo.url)).location);
    expect(signed.searchParams.get('X-Amz-Algorithm')).to.equal('AWS4-HMAC-SHA256');
    expect(signed.searchParams.get('X-Amz-Credential')).to.match(/^S3RVER\/\d{8}\/us-east-1\/s3\/aws4_request$/);
    expect(signed.searchParams.get('X-Amz-Signature')).to.match(/^[0-9a-f]{64}$/);
    const key = logo.url.slice(`${app.url}/files/`.length);

    const storage = new S3FileStorage({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      bucket: 'aura-signed',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    });
    try {
      const expired = await storage.presign(key, {
        signedAt: new Date(Date.now() - 2 * 3600_000),
        expiresInSeconds: 3600,
      });
      expect((await fetch(expired)).status).to.equal(403);
    } finally {
      storage.destroy();
    }
  });

  it("redirects the public asset image endpoint to the file's signed URL instead of streaming it", async () => {
    const { api } = await app.createUser();
    const job = await api.twitch.generate({ body: { assetType: 'emote', customPrompt: 'signed public' } });
    expect((await waitForJobEnd(api, job.id)).status).to.equal('completed');
    const [asset] = (await api.generation.getJobAssets({ params: { id: job.id } })).assets;
    if (!asset) {
      throw new Error('the job made no asset');
    }
    expect(asset.url.startsWith(`${app.url}/files/`)).to.equal(true);
    const imageUrl = `${app.url}/api/v1/asset/${asset.id}/image`;
    await api.assets.setVisibility({ params: { id: asset.id }, body: { isPublic: false } });
    expect((await fetch(imageUrl, { redirect: 'manual' })).status, 'a private asset stays hidden').to.equal(404);

    // making it private again moved its file to a new address: the public one is this
    const shown = await api.assets.setVisibility({ params: { id: asset.id }, body: { isPublic: true } });
    const redirect = await redirectOf(imageUrl);
    expect(redirect.status).to.equal(302);
    expect(
      redirect.location.startsWith(`${s3.endpoint}/aura-signed/${shown.storagePath}?`),
      redirect.location,
    ).to.equal(true);
    expect(redirect.cacheControl).to.equal('public, max-age=300');
    const followed = await fetch(imageUrl);
    expect(followed.status).to.equal(200);
    expect(followed.headers.get('content-type')).to.equal('image/png');
    expect(Buffer.from(await followed.arrayBuffer()).length).to.equal(shown.fileSize);
  });
});
