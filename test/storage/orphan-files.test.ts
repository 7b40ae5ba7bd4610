import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { FileStorage } from '../../service/src/storage';
import { logoForm, makeImage } from '../brand-kits/images';
import { waitForJobEnd } from '../generation/support';
import { startFakeS3Server } from './fake-s3-server';
import { startS3rver } from './s3rver-server';

const HOUR_MS = 3_600_000;

/** Every key under a prefix, through the storage's own listing, `pageSize` keys a page. */
async function listKeys(
  storage: FileStorage,
  prefix: string,
  pageSize?: number,
): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let pages = 0;
  for await (const page of storage.list(prefix, pageSize)) {
    pages += 1;
    keys.push(...page.map((file) => file.key));
  }
  return { keys: keys.sort(), pages };
}

/**
 * The stores the sweep is run against: s3rver, another implementation of S3 than ours (which answers
 * a listing in one page here: its continuation tokens are DES-encrypted, which Node 20's OpenSSL 3
 * refuses), and our fake, which pages every two keys, so a sweep goes through many pages.
 */
const stores: Array<{
  name: string;
  /** How many pages a listing of five keys takes. */
  pagesOfFive: number;
  start(): Promise<{ env: Record<string, string>; close(): Promise<void> }>;
}> = [
  { name: 's3rver', pagesOfFive: 1, start: () => startS3rver('aura-orphans') },
  {
    name: 'a fake S3 paging every two keys',
    pagesOfFive: 3,
    async start() {
      const fake = await startFakeS3Server({ bucket: 'aura-orphans', accessKeyId: 'fake-key' });
      return {
        env: {
          STORAGE_DRIVER: 's3',
          S3_ENDPOINT: fake.endpoint,
          S3_BUCKET: 'aura-orphans',
          S3_ACCESS_KEY_ID: 'fake-key',
          S3_SECRET_ACCESS_KEY: 'fake-secret',
        },
        close: () => fake.close(),
      };
    },
  },
];

for (const store of stores) {
  describe(`orphan-file sweep against an S3-compatible store (${store.name})`, function () {
    this.timeout(60_000);
    let s3: { env: Record<string, string>; close(): Promise<void> };
    let app: TestService;

    before(async () => {
      s3 = await store.start();
      // the grace is an hour here: "old" files are made by sweeping as of two hours from now
      app = await startTestService({ ...s3.env, STORAGE_ORPHAN_GRACE_SECONDS: '3600' });
    });
    after(async () => {
      await app.stop();
      await s3.close();
    });

    it('lists a prefix, page by page, with each file once, its size and when it was written', async () => {
      const { storage } = app.service.infra;
      const prefix = 'users/listing-check/';
      for (const name of ['a', 'b', 'c', 'd', 'e']) {
        await storage.put(`${prefix}${name}.png`, Buffer.from(name.repeat(3)), 'image/png');
      }
      await storage.put('users/listing-check-other/x.png', Buffer.from('x'), 'image/png');
      const { keys, pages } = await listKeys(storage, prefix);
      expect(keys).to.deep.equal(['a', 'b', 'c', 'd', 'e'].map((name) => `${prefix}${name}.png`));
      expect(pages).to.equal(store.pagesOfFive);
      const first = (await storage.stat(`${prefix}a.png`))!;
      expect(first.size).to.equal(3);
      expect(Math.abs(first.modifiedAt.getTime() - Date.now())).to.be.below(60_000);
      expect(await storage.stat(`${prefix}missing.png`)).to.equal(null);
      await storage.deletePrefix(prefix);
      await storage.deletePrefix('users/listing-check-other/');
    });

    it('removes old files no asset or logo row names, and keeps referenced, young and unclaimed ones', async () => {
      const { storage } = app.service.infra;
      const sweeper = app.service.container.orphanFileSweeper;
      const { api, user } = await app.createUser();
      const kit = await api.brandKits.create({ body: { name: 'Orphans' } });
      await api.brandKits.uploadLogo({
        params: { id: kit.id },
        body: logoForm(await makeImage('png'), { logoType: 'primary' }),
      });
      // a screen-sized design has a thumbnail beside its file: both are in use
      const queued = await api.twitch.generate({ body: { assetType: 'offline_screen', customPrompt: 'rooftops' } });
      expect((await waitForJobEnd(api, queued.id)).status).to.equal('completed');
      const inUse = (await listKeys(storage, `users/${user.id}/`)).keys;
      expect(
        inUse.some((key) => key.endsWith('.thumb.webp')),
        inUse.join(),
      ).to.equal(true);

      // what a crash between a file and its row leaves: files in the owners' folders that no row names
      const orphans = [
        `users/${user.id}/assets/${queued.id}/00000000-0000-4000-8000-000000000000.png`,
        `users/${user.id}/assets/${queued.id}/00000000-0000-4000-8000-000000000000.thumb.webp`,
        `users/${user.id}/assets/a-job-that-never-wrote-rows/1.png`,
        `users/${user.id}/brand-kits/${kit.id}/logos/primary-00000000-0000-4000-8000-000000000000.png`,
        `users/${user.id}/brand-kits/a-deleted-kit/logos/icon-1.png`,
      ];
      // and a file in a folder no collection owns: nothing says what it is, so it stays
      const unclaimed = `users/${user.id}/somewhere-else/notes.json`;
      for (const key of [...orphans, unclaimed]) {
        await storage.put(key, Buffer.from('left behind'), 'application/octet-stream');
      }

      // within the grace period nothing goes: any of them may be a write in flight
      const now = await sweeper.sweep();
      expect(now?.removed).to.deep.equal({ assets: 0, brand_kit_logos: 0 });
      expect((await listKeys(storage, `users/${user.id}/`)).keys).to.deep.equal(
        [...inUse, ...orphans, unclaimed].sort(),
      );

      const later = await sweeper.sweep(new Date(Date.now() + 2 * HOUR_MS));
      expect(later).to.include({ failed: 0, completed: true });
      expect(later?.removed).to.deep.equal({ assets: 3, brand_kit_logos: 2 });
      expect(later?.unclaimed).to.be.at.least(1);
      expect((await listKeys(storage, `users/${user.id}/`)).keys).to.deep.equal([...inUse, unclaimed].sort());
      // the kit and the library still read their files
      const logos = await api.brandKits.listLogos({ params: { id: kit.id } });
      expect(logos.logos).to.have.length(1);
      const { assets } = await api.generation.getJobAssets({ params: { id: queued.id } });
      for (const asset of assets) {
        expect(await storage.stat(asset.storagePath!), asset.storagePath!).to.not.equal(null);
      }
      // a second sweep finds nothing more: deletions are done once
      expect((await sweeper.sweep(new Date(Date.now() + 2 * HOUR_MS)))?.removed).to.deep.equal({
        assets: 0,
        brand_kit_logos: 0,
      });
    });

    it('lets one instance sweep at a time: a second sweep while the lease is held does nothing', async () => {
      const sweeper = app.service.container.orphanFileSweeper;
      const [first, second] = await Promise.all([sweeper.sweep(), sweeper.sweep()]);
      expect([first, second].filter((report) => report === null)).to.have.length(1);
    });
  });
}
