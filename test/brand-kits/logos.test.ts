import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import sharp from 'sharp';
import { ApiError } from '@aurastream/contract';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';
import { logoForm, makeImage } from './images';

const MAX_BYTES = 200_000;

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('brand kit logos', () => {
  let app: TestService;
  let owner: TestUser;
  let stranger: TestUser;
  let filesRoot: string;

  before(async () => {
    app = await startTestService({ UPLOAD_MAX_BYTES: String(MAX_BYTES) });
    owner = await app.createUser({ tier: 'studio' });
    stranger = await app.createUser({ tier: 'studio' });
    filesRoot = app.service.config.storage.localDir;
  });

  after(async () => {
    await app.stop();
  });

  /** Where a logo URL's file lives in the data folder. */
  function fileOf(url: string): string {
    const key = new URL(url).pathname.replace(/^\/files\//, '');
    return path.join(filesRoot, key);
  }

  async function filesOfKit(userId: string, kitId: string): Promise<string[]> {
    const folder = path.join(filesRoot, 'users', userId, 'brand-kits', kitId, 'logos');
    return existsSync(folder) ? readdir(folder) : [];
  }

  async function upload(user: TestUser, kitId: string, data: Buffer, logoType = 'primary', filename = 'logo.png') {
    return user.api.brandKits.uploadLogo({ params: { id: kitId }, body: logoForm(data, { logoType, filename }) });
  }

  /** A raw multipart request, for bodies the typed client would never send. */
  async function rawUpload(kitId: string, body: string | Buffer, contentType: string): Promise<Response> {
    return fetch(`${app.url}/api/v1/brand-kits/${kitId}/logos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': contentType },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  }

  describe('uploading', () => {
    it('stores a PNG with its dimensions and serves it with long-lived caching', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Logo kit' } });
      const png = await makeImage('png', 120, 80);
      const logo = await upload(owner, kit.id, png, 'primary', 'my logo.png');
      expect(logo).to.include({ logoType: 'primary', format: 'png', contentType: 'image/png', width: 120, height: 80 });
      expect(logo).to.include({ filename: 'my logo.png' });
      const served = await fetch(logo.url);
      expect(served.status).to.equal(200);
      expect(served.headers.get('content-type')).to.equal('image/png');
      expect(served.headers.get('cache-control'))
        .to.match(/max-age=31536000/)
        .and.match(/immutable/);
      // the pixels as uploaded, in a file written anew (see logo-metadata.test.ts)
      const file = Buffer.from(await served.arrayBuffer());
      expect(logo.fileSize).to.equal(file.length);
      const [sent, stored] = await Promise.all([png, file].map((data) => sharp(data).raw().toBuffer()));
      expect(stored?.equals(sent as Buffer)).to.equal(true);
      const updated = await owner.api.brandKits.get({ params: { id: kit.id } });
      expect(updated.logos.primary?.url).to.equal(logo.url);
      expect(updated.logoUrl).to.equal(logo.url);
    });

    it('accepts JPEG and WebP, recognised by content whatever the name says', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Formats' } });
      const jpeg = await upload(owner, kit.id, await makeImage('jpeg'), 'secondary', 'photo.png');
      expect(jpeg).to.include({ format: 'jpeg', contentType: 'image/jpeg' });
      expect(jpeg.url).to.match(/\.jpg$/);
      const webp = await upload(owner, kit.id, await makeImage('webp'), 'icon', 'icon.gif');
      expect(webp).to.include({ format: 'webp', contentType: 'image/webp' });
    });

    it('refuses an HTML file disguised as a PNG, and stores nothing', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Disguise' } });
      const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
      const error = await apiError(upload(owner, kit.id, html, 'primary', 'logo.png'));
      expect(error.status).to.equal(415);
      expect(error.code).to.equal('unsupported_image_type');
      expect(await filesOfKit(owner.user.id, kit.id)).to.deep.equal([]);
    });

    it('refuses SVG, which can carry scripts', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Vector' } });
      const svg = Buffer.from(
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      );
      const error = await apiError(upload(owner, kit.id, svg, 'primary', 'logo.svg'));
      expect(error.status).to.equal(415);
      expect(error.details).to.deep.include({ detected: 'svg' });
    });

    it('refuses a file that starts like a PNG but does not decode', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Broken' } });
      const png = await makeImage('png', 200, 200);
      const error = await apiError(upload(owner, kit.id, png.subarray(0, Math.floor(png.length / 2))));
      expect(error.status).to.equal(422);
      expect((error.details as { field: string; code: string }[])[0]).to.include({
        field: 'file',
        code: 'invalid_image',
      });
      expect(await filesOfKit(owner.user.id, kit.id)).to.deep.equal([]);
    });

    it('answers 413 for a file over the limit, found while streaming or from the declared length', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Heavy' } });
      const justOver = Buffer.alloc(MAX_BYTES + 1, 1);
      const streamed = await apiError(upload(owner, kit.id, justOver));
      expect(streamed.status).to.equal(413);
      expect(streamed.code).to.equal('payload_too_large');
      expect(streamed.details).to.deep.equal({ max_bytes: MAX_BYTES });
      const farOver = await apiError(upload(owner, kit.id, Buffer.alloc(MAX_BYTES * 3, 1)));
      expect(farOver.status).to.equal(413);
      // the connection is still usable afterwards
      expect((await owner.api.brandKits.get({ params: { id: kit.id } })).logos.primary).to.equal(null);
    });

    it('answers 422 naming the missing or wrong fields', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Fields' } });
      const png = await makeImage('png');
      const noType = await apiError(owner.api.brandKits.uploadLogo({ params: { id: kit.id }, body: logoForm(png) }));
      expect(noType.status).to.equal(422);
      expect((noType.details as { field: string }[]).map((issue) => issue.field)).to.deep.equal(['logo_type']);
      const badType = await apiError(upload(owner, kit.id, png, 'banner'));
      expect((badType.details as { field: string }[])[0]?.field).to.equal('logo_type');
      const form = new FormData();
      form.append('logo_type', 'primary');
      const noFile = await apiError(owner.api.brandKits.uploadLogo({ params: { id: kit.id }, body: form }));
      expect(noFile.status).to.equal(422);
      expect((noFile.details as { field: string }[]).map((issue) => issue.field)).to.deep.equal(['file']);
    });

    it('answers 400 malformed_multipart for broken bodies and 415 for other content types', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Malformed' } });
      const noBoundary = await rawUpload(kit.id, 'whatever', 'multipart/form-data');
      expect(noBoundary.status).to.equal(400);
      expect(((await noBoundary.json()) as { error: { code: string } }).error.code).to.equal('malformed_multipart');
      const truncated = await rawUpload(
        kit.id,
        '--XYZ\r\nContent-Disposition: form-data; name="logo_type"\r\n\r\nprimary\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG',
        'multipart/form-data; boundary=XYZ',
      );
      expect(truncated.status).to.equal(400);
      expect(((await truncated.json()) as { error: { code: string } }).error.code).to.equal('malformed_multipart');
      const png = await makeImage('png');
      const twoFiles = new FormData();
      twoFiles.append('logo_type', 'primary');
      twoFiles.append('file', new Blob([new Uint8Array(png)]), 'a.png');
      twoFiles.append('file', new Blob([new Uint8Array(png)]), 'b.png');
      expect(
        (await apiError(owner.api.brandKits.uploadLogo({ params: { id: kit.id }, body: twoFiles }))).status,
      ).to.equal(400);
      const json = await rawUpload(kit.id, JSON.stringify({ logo_type: 'primary' }), 'application/json');
      expect(json.status).to.equal(415);
      expect(((await json.json()) as { error: { code: string } }).error.code).to.equal('multipart_required');
      expect(await filesOfKit(owner.user.id, kit.id)).to.deep.equal([]);
    });

    it('replaces a logo under a new URL and removes the old file', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Replace' } });
      const first = await upload(owner, kit.id, await makeImage('png', 32, 32));
      expect(existsSync(fileOf(first.url))).to.equal(true);
      const second = await upload(owner, kit.id, await makeImage('png', 64, 64));
      expect(second.url).to.not.equal(first.url);
      expect(existsSync(fileOf(first.url))).to.equal(false);
      expect(existsSync(fileOf(second.url))).to.equal(true);
      expect((await fetch(first.url)).status).to.equal(404);
      expect(await filesOfKit(owner.user.id, kit.id)).to.have.length(1);
    });
  });

  describe('reading, deleting and choosing the default', () => {
    it('lists logos in type order and gets one with its URL', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Listing' } });
      expect(await owner.api.brandKits.listLogos({ params: { id: kit.id } })).to.deep.equal({
        brandKitId: kit.id,
        defaultLogoType: 'primary',
        logos: [],
      });
      await upload(owner, kit.id, await makeImage('png'), 'watermark');
      await upload(owner, kit.id, await makeImage('png'), 'primary');
      const list = await owner.api.brandKits.listLogos({ params: { id: kit.id } });
      expect(list.logos.map((logo) => logo.logoType)).to.deep.equal(['primary', 'watermark']);
      const watermark = await owner.api.brandKits.getLogo({ params: { id: kit.id, type: 'watermark' } });
      expect(watermark).to.deep.equal(list.logos[1]);
      const missing = await apiError(owner.api.brandKits.getLogo({ params: { id: kit.id, type: 'icon' } }));
      expect(missing.status).to.equal(404);
      expect(missing.code).to.equal('logo_not_found');
      expect(
        (await apiError(owner.api.brandKits.getLogo({ params: { id: kit.id, type: 'banner' as 'icon' } }))).status,
      ).to.equal(422);
    });

    it('deletes a logo and its file', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Delete logo' } });
      const logo = await upload(owner, kit.id, await makeImage('png'), 'icon');
      await owner.api.brandKits.deleteLogo({ params: { id: kit.id, type: 'icon' } });
      expect(existsSync(fileOf(logo.url))).to.equal(false);
      expect((await owner.api.brandKits.listLogos({ params: { id: kit.id } })).logos).to.deep.equal([]);
      const again = await apiError(owner.api.brandKits.deleteLogo({ params: { id: kit.id, type: 'icon' } }));
      expect(again.code).to.equal('logo_not_found');
    });

    it('sets the default logo, which generation then uses', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Default' } });
      const primaryBytes = await makeImage('png', 40, 40);
      const monoBytes = await makeImage('webp', 50, 50);
      const primary = await upload(owner, kit.id, primaryBytes, 'primary');
      const error = await apiError(
        owner.api.brandKits.setDefaultLogo({ params: { id: kit.id }, body: { logoType: 'monochrome' } }),
      );
      expect(error.code).to.equal('logo_not_found');
      const mono = await upload(owner, kit.id, monoBytes, 'monochrome');
      const list = await owner.api.brandKits.setDefaultLogo({
        params: { id: kit.id },
        body: { logoType: 'monochrome' },
      });
      expect(list.defaultLogoType).to.equal('monochrome');
      const updated = await owner.api.brandKits.get({ params: { id: kit.id } });
      expect(updated.defaultLogoType).to.equal('monochrome');
      expect(updated.logoUrl).to.equal(mono.url);
      const service = app.service.container.brandKits;
      // generation reads the stored file: the one served
      const served = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());
      expect((await service.getForGeneration(owner.user.id, kit.id))?.logo?.equals(await served(mono.url))).to.equal(
        true,
      );
      // without the default type's logo, the primary one is used
      await owner.api.brandKits.deleteLogo({ params: { id: kit.id, type: 'monochrome' } });
      expect((await owner.api.brandKits.get({ params: { id: kit.id } })).logoUrl).to.equal(primary.url);
      expect((await service.getForGeneration(owner.user.id, kit.id))?.logo?.equals(await served(primary.url))).to.equal(
        true,
      );
    });
  });

  describe('ownership and clean-up', () => {
    it("answers 404 for every logo operation on another user's kit and stores nothing", async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Private' } });
      await upload(owner, kit.id, await makeImage('png'), 'primary');
      const png = await makeImage('png');
      const calls = [
        () => stranger.api.brandKits.listLogos({ params: { id: kit.id } }),
        () => upload(stranger, kit.id, png, 'secondary'),
        () => stranger.api.brandKits.getLogo({ params: { id: kit.id, type: 'primary' } }),
        () => stranger.api.brandKits.deleteLogo({ params: { id: kit.id, type: 'primary' } }),
        () => stranger.api.brandKits.setDefaultLogo({ params: { id: kit.id }, body: { logoType: 'primary' } }),
      ];
      for (const call of calls) {
        const error = await apiError(call());
        expect(error.status).to.equal(404);
        expect(error.code).to.equal('brand_kit_not_found');
      }
      expect(await filesOfKit(owner.user.id, kit.id)).to.have.length(1);
      expect(existsSync(path.join(filesRoot, 'users', stranger.user.id))).to.equal(false);
    });

    it('deleting a kit removes its files from the data folder', async () => {
      const kit = await owner.api.brandKits.create({ body: { name: 'Gone' } });
      const primary = await upload(owner, kit.id, await makeImage('png'), 'primary');
      const icon = await upload(owner, kit.id, await makeImage('webp'), 'icon');
      await owner.api.brandKits.delete({ params: { id: kit.id } });
      expect(existsSync(fileOf(primary.url))).to.equal(false);
      expect(existsSync(fileOf(icon.url))).to.equal(false);
      expect(existsSync(path.join(filesRoot, 'users', owner.user.id, 'brand-kits', kit.id))).to.equal(false);
    });

    it("deleting a user's data removes their logo files only", async () => {
      const user = await app.createUser();
      const kit = await user.api.brandKits.create({ body: { name: 'Leaving' } });
      const logo = await upload(user, kit.id, await makeImage('png'));
      const keptKit = await stranger.api.brandKits.create({ body: { name: 'Staying' } });
      const kept = await upload(stranger, keptKit.id, await makeImage('png'));
      await app.service.container.brandKits.deleteAllForUser(user.user.id);
      expect(existsSync(fileOf(logo.url))).to.equal(false);
      expect(existsSync(fileOf(kept.url))).to.equal(true);
    });
  });
});
