import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Db } from 'mongodb';
import sharp from 'sharp';
import { keepChildLogs, recordConfigSecrets, sharedInfrastructure, testLogLevel } from '@aurastream/service/testing';
import { findFreePort } from '../../../service/src/db/free-port';
import { temporaryFileOf } from '../../../service/src/storage/local-storage';
import { pollUntil } from '../../generation/support';
import { multipartBody, smallPng } from '../support/fixtures';
import { sendRaw } from '../support/http';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PASSWORD = 'violet-Otter-42';
/**
 * A job's lock lifetime: the kill's jobs are taken over once it has passed (by the time the next
 * start is ready, on this machine), yet long enough that a render on a busy machine keeps its lock.
 */
const LOCK_LIFETIME_MS = '5000';

interface RunningService {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<void>;
}

/** `npm start`'s entry point as its own process, on the suite's MongoDB and Redis and its own files. */
async function startServiceProcess(env: Record<string, string>): Promise<RunningService> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'service/src/main.ts'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: testLogLevel(),
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      BCRYPT_COST: '4',
      CHAT_BOT_IN_PROCESS: 'false',
      JOB_LOCK_LIFETIME_MS: LOCK_LIFETIME_MS,
      BRAND_KIT_LIMITS: 'free:20,pro:20,studio:20',
      MONTHLY_ASSET_LIMITS: 'free:1000,pro:1000,studio:1000',
      GENERATION_REQUESTS_PER_MINUTE: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  keepChildLogs(child, 'orphan-files-service');
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await pollUntil(
    async () => (await fetch(`${url}/ready`).catch(() => null))?.status ?? (child.exitCode === null ? 0 : -1),
    (status) => status === 200 || status === -1,
    { what: 'the service to start', timeoutMs: 60_000, intervalMs: 100 },
  );
  expect(child.exitCode, output).to.equal(null);
  recordConfigSecrets(env, env.DATA_DIR);
  return { child, url, output: () => output, exited };
}

/** Every file under the storage root, as storage keys (`users/…`), temporary files included. */
async function filesOnDisk(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** A file a row names: its key, and the size the row recorded (null: not recorded, as for thumbnails). */
interface NamedFile {
  key: string;
  size: number | null;
}

/** Every file the rows name: each asset's file and thumbnail, each brand kit's logos. */
async function filesNamedByRows(db: Db): Promise<NamedFile[]> {
  const named: NamedFile[] = [];
  for (const asset of await db.collection('assets').find({}).toArray()) {
    if (typeof asset.storage_path === 'string') {
      named.push({ key: asset.storage_path, size: asset.file_size as number });
      if (asset.thumbnail_url) {
        named.push({ key: asset.storage_path.replace(/\.[a-z]+$/, '.thumb.webp'), size: null });
      }
    }
  }
  for (const kit of await db.collection('brand_kits').find({}).toArray()) {
    for (const logo of Object.values((kit.logos ?? {}) as Record<string, { storage_key: string; file_size: number }>)) {
      named.push({ key: logo.storage_key, size: logo.file_size });
    }
  }
  return named.sort((a, b) => a.key.localeCompare(b.key));
}

/** Throws unless every file a row names is on disk, whole: its recorded size, and an image that decodes to the end. */
async function expectEveryNamedFileWhole(root: string, named: NamedFile[]): Promise<void> {
  for (const file of named) {
    const data = await readFile(path.join(root, file.key)).catch(() => null);
    expect(data, `${file.key} is named by a row but missing`).to.not.equal(null);
    if (file.size !== null) {
      expect(data!.length, `${file.key}: the size its row recorded`).to.equal(file.size);
    }
    // a truncated image fails here: every pixel is decoded
    await sharp(data!, { failOn: 'truncated' }).raw().toBuffer();
  }
}

describe('faults: the service killed with kill -9 during uploads and generation', function () {
  this.timeout(120_000);
  let dataDir: string;
  let filesRoot: string;
  let mongo: MongoClient;
  let db: Db;
  let env: Record<string, string>;
  let service: RunningService | null = null;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-orphans-'));
    filesRoot = path.join(dataDir, 'files');
    const infrastructure = await sharedInfrastructure();
    const dbName = `orphans_${randomUUID().slice(0, 8)}`;
    env = {
      DATA_DIR: dataDir,
      MONGODB_URI: infrastructure.mongoUri,
      MONGODB_DB_NAME: dbName,
      REDIS_URL: infrastructure.redisUrl,
      REDIS_KEY_PREFIX: `orphans:${randomUUID()}:`,
    };
    mongo = await MongoClient.connect(infrastructure.mongoUri);
    db = mongo.db(dbName);
  });
  after(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    await mongo?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows no half-written file, and the next start removes exactly the files no row names', async () => {
    // the first run: uploads and generations in flight when the process is killed
    service = await startServiceProcess({ ...env, LOG_LEVEL: testLogLevel() });
    const { url } = service;
    const email = `orphans-${randomUUID()}@example.test`;
    const signup = await sendRaw(url, {
      method: 'POST',
      path: '/api/v1/auth/signup',
      body: { email, password: PASSWORD, display_name: 'Kill Switch' },
    });
    expect(signup.status, signup.text).to.equal(201);
    const login = await sendRaw(url, {
      method: 'POST',
      path: '/api/v1/auth/login',
      body: { email, password: PASSWORD },
    });
    expect(login.status, login.text).to.equal(200);
    const auth = { authorization: `Bearer ${(login.json as { access_token: string }).access_token}` };
    const kitIds: string[] = [];
    for (const name of ['One', 'Two', 'Three']) {
      const kit = await sendRaw(url, { method: 'POST', path: '/api/v1/brand-kits', headers: auth, body: { name } });
      expect(kit.status, kit.text).to.equal(201);
      kitIds.push((kit.json as { id: string }).id);
    }
    const logo = await smallPng();
    const upload = (kitId: string, logoType: string) => {
      const form = multipartBody([
        { name: 'logo_type', value: logoType },
        { name: 'file', filename: 'logo.png', contentType: 'image/png', data: logo },
      ]);
      return sendRaw(url, {
        method: 'POST',
        path: `/api/v1/brand-kits/${kitId}/logos`,
        headers: { ...auth, 'content-type': form.contentType },
        body: form.body,
      }).catch(() => null);
    };
    for (const [assetType, variations] of [
      ['emote', 4],
      ['offline_screen', 1],
      ['badge', 2],
      ['panel', 2],
    ] as const) {
      const queued = await sendRaw(url, {
        method: 'POST',
        path: '/api/v1/twitch/generate',
        headers: auth,
        body: { asset_type: assetType, custom_prompt: 'kill switch', variations },
      });
      expect(queued.status, queued.text).to.equal(202);
    }
    // logo uploads keep coming (each replacing the one before) until the process dies
    let killed = false;
    const uploads = (async () => {
      for (let round = 0; !killed; round += 1) {
        await Promise.all(kitIds.map((kitId) => upload(kitId, round % 2 === 0 ? 'primary' : 'icon')));
      }
    })();
    // kill -9 once files are being written: generations midway, uploads in flight
    await pollUntil(
      async () => (await filesOnDisk(filesRoot)).filter((key) => key.includes('/assets/')).length,
      (count) => count >= 6,
      { what: 'generated files to be written', timeoutMs: 30_000, intervalMs: 10 },
    );
    service.child.kill('SIGKILL');
    killed = true;
    await service.exited;
    await uploads;
    const unfinishedJobs = await db
      .collection('generation_jobs')
      .countDocuments({ status: { $in: ['queued', 'processing'] } });

    // nothing half-written is visible: every row names a whole file
    const namedAfterKill = await filesNamedByRows(db);
    await expectEveryNamedFileWhole(filesRoot, namedAfterKill);
    const leftByKill = (await filesOnDisk(filesRoot)).filter((key) => !namedAfterKill.some((file) => file.key === key));

    // and files a crash may leave, older than any grace: an asset file and a logo no row names,
    // a temporary file of a write cut short
    const userFolder = namedAfterKill[0]!.key.split('/').slice(0, 2).join('/');
    const planted = [
      `${userFolder}/assets/job-killed-before-its-rows/1.png`,
      `${userFolder}/brand-kits/${kitIds[0]}/logos/primary-${randomUUID()}.png`,
      // named as the local storage names its temporary files
      path.relative(
        filesRoot,
        temporaryFileOf(
          path.join(filesRoot, userFolder, 'brand-kits', kitIds[1]!, 'logos', `icon-${randomUUID()}.png`),
        ),
      ),
    ];
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const key of planted) {
      await mkdir(path.dirname(path.join(filesRoot, key)), { recursive: true });
      await writeFile(path.join(filesRoot, key), logo.subarray(0, 40));
      await utimes(path.join(filesRoot, key), anHourAgo, anHourAgo);
    }

    // the next start, with a short grace: the killed jobs are taken over and finish, the sweep
    // removes what no row names
    service = await startServiceProcess({
      ...env,
      LOG_LEVEL: 'info',
      STORAGE_ORPHAN_GRACE_SECONDS: '2',
      STORAGE_ORPHAN_SWEEP_SECONDS: '1',
    });
    // a temporary file is never served, even before the sweep takes it
    const temporary = planted[2]!;
    expect((await fetch(`${service.url}/files/${temporary}`)).status).to.not.equal(200);

    const settled = pollUntil(
      async () => {
        const active = await db
          .collection('generation_jobs')
          .countDocuments({ status: { $in: ['queued', 'processing'] } });
        const named = (await filesNamedByRows(db)).map((file) => file.key);
        const onDisk = await filesOnDisk(filesRoot);
        return {
          active,
          jobs:
            active === 0
              ? []
              : await db
                  .collection('generation_jobs')
                  .find({}, { projection: { status: 1, retry_count: 1, completed_assets: 1 } })
                  .toArray(),
          notNamed: onDisk.filter((key) => !named.includes(key)),
          missing: named.filter((key) => !onDisk.includes(key)),
        };
      },
      (state) => state.active === 0 && state.notNamed.length === 0 && state.missing.length === 0,
      // the jobs the kill cut short are taken over once their lock expires, then finish (slower on a busy machine)
      { what: 'the files on disk to be exactly those the rows name', timeoutMs: 60_000, intervalMs: 200 },
    );
    await settled.catch((error: unknown) => {
      const warnings = service!
        .output()
        .split('\n')
        .filter((line) => /"level":(40|50|60)/.test(line));
      throw new Error(`${String(error)}\nwarnings of the second run:\n${warnings.slice(-20).join('\n')}`);
    });
    const jobs = await db.collection('generation_jobs').find({}).toArray();
    expect(
      jobs.map((job) => job.status as string),
      'every job the kill cut short completed on the next start',
    ).to.deep.equal(jobs.map(() => 'completed'));
    const named = await filesNamedByRows(db);
    expect(await filesOnDisk(filesRoot)).to.deep.equal(named.map((file) => file.key));
    await expectEveryNamedFileWhole(filesRoot, named);

    // the sweep said what it removed: at least the planted files (and whatever the kill left)
    const sweeps = service
      .output()
      .split('\n')
      .filter((line) => line.includes('"event":"orphan_files_swept"'))
      .map((line) => JSON.parse(line) as { removed: { assets: number; brand_kit_logos: number } });
    const removed = sweeps.reduce((sum, sweep) => sum + sweep.removed.assets + sweep.removed.brand_kit_logos, 0);
    expect(removed, `left by the kill: ${leftByKill.join(', ')}; unfinished jobs: ${unfinishedJobs}`).to.be.at.least(
      planted.length,
    );

    // and every file is served whole
    for (const file of named.filter((candidate) => candidate.size !== null)) {
      const response = await fetch(`${service.url}/files/${file.key}`);
      expect(response.status, file.key).to.equal(200);
      expect(Buffer.from(await response.arrayBuffer()).length, file.key).to.equal(file.size);
    }
  });
});
