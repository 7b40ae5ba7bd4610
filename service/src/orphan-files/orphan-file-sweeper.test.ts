import { expect } from 'chai';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { LocalFileStorage } from '../storage/local-storage';
import { OrphanFileSweeper } from './orphan-file-sweeper';
import type { StoredFileOwner } from './stored-file-owner';

const HOUR_MS = 3_600_000;
const logger = pino({ level: 'silent' });

/** A lease that is always free, or that is lost after `extensions` pages. */
function lease(extensions = Number.POSITIVE_INFINITY) {
  let left = extensions;
  return {
    acquire: async () => ({
      extend: async () => left-- > 0,
      release: async () => undefined,
    }),
  };
}

describe('OrphanFileSweeper', () => {
  let root: string;
  let storage: LocalFileStorage;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'aurastream-sweeper-'));
    storage = new LocalFileStorage(root, 'http://files.test');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function putOld(key: string): Promise<void> {
    await storage.put(key, Buffer.from(key), 'image/png');
    const anHourAgo = new Date(Date.now() - HOUR_MS);
    await utimes(path.join(root, key), anHourAgo, anHourAgo);
  }

  async function keys(): Promise<string[]> {
    const found: string[] = [];
    for await (const page of storage.list('users/')) {
      found.push(...page.map((file) => file.key));
    }
    return found.sort();
  }

  it('keeps an orphan rewritten while the sweep looked at its rows: a retried write renews it before its row', async () => {
    const key = 'users/u1/assets/job/a.png';
    await putOld(key);
    const owner: StoredFileOwner = {
      name: 'assets',
      claims: (candidate) => candidate.startsWith('users/u1/assets/'),
      async referencedKeys() {
        // a retried job writes the same key anew while the rows are read; its row comes next
        await storage.put(key, Buffer.from('again'), 'image/png');
        return new Set();
      },
    };
    const sweeper = new OrphanFileSweeper({ storage, owners: [owner], graceMs: 60_000, lease: lease(), logger });
    const report = await sweeper.sweep();
    expect(report?.removed.assets).to.equal(0);
    expect(report?.young).to.equal(1);
    expect(await keys()).to.deep.equal([key]);
  });

  it('stops when its lease is lost, after the page it was on', async () => {
    for (const name of ['a', 'b', 'c', 'd']) {
      await putOld(`users/u1/assets/job/${name}.png`);
    }
    const owner: StoredFileOwner = {
      name: 'assets',
      claims: () => true,
      referencedKeys: async () => new Set(),
    };
    const sweeper = new OrphanFileSweeper({
      storage,
      owners: [owner],
      graceMs: 60_000,
      lease: lease(1),
      logger,
      pageSize: 1,
    });
    const report = await sweeper.sweep();
    expect(report).to.include({ completed: false, scanned: 2 });
    expect(report?.removed.assets).to.equal(2);
    expect(await keys()).to.have.length(2);
  });
});
