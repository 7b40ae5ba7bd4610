import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { keepChildLogs, recordConfigSecrets, sharedInfrastructure, testLogLevel } from '@aurastream/service/testing';
import { findFreePort } from '../../../service/src/db/free-port';
import { pollUntil } from '../../generation/support';
import { multipartBody, smallPng } from '../support/fixtures';
import { errorEnvelope, sendRaw } from '../support/http';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The service process may write no file over this (RLIMIT_FSIZE, `ulimit -f`, in KiB): a disk with 256 KiB left. */
const FILE_SIZE_LIMIT_KIB = 256;
const PASSWORD = 'violet-Otter-42';

/** A logo whose re-encoded PNG is megabytes (noise does not compress): more than the disk has room for. */
function noisyLogo(): Promise<Buffer> {
  const side = 1024;
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .png()
    .toBuffer();
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('faults: the disk fills up while a file is written', function () {
  this.timeout(90_000);
  let dataDir: string;
  let child: ChildProcess;
  let output = '';
  let url: string;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-disk-full-'));
    const infrastructure = await sharedInfrastructure();
    const port = await findFreePort();
    url = `http://127.0.0.1:${port}`;
    // `npm start`'s entry point as its own process, whose writes stop at the limit as on a full disk
    child = spawn(
      'bash',
      ['-c', `ulimit -f ${FILE_SIZE_LIMIT_KIB} && exec "${process.execPath}" --import tsx service/src/main.ts`],
      {
        cwd: repositoryRoot,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: testLogLevel(),
          HOST: '127.0.0.1',
          PORT: String(port),
          PUBLIC_URL: url,
          DATA_DIR: dataDir,
          MONGODB_URI: infrastructure.mongoUri,
          MONGODB_DB_NAME: `disk_full_${randomUUID().slice(0, 8)}`,
          REDIS_URL: infrastructure.redisUrl,
          REDIS_KEY_PREFIX: `disk-full:${randomUUID()}:`,
          BCRYPT_COST: '4',
          CHAT_BOT_IN_PROCESS: 'false',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    keepChildLogs(child, 'disk-full-service');
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await pollUntil(
      async () => (await fetch(`${url}/ready`).catch(() => null))?.status ?? (child.exitCode === null ? 0 : -1),
      (status) => status === 200 || status === -1,
      { what: 'the service to start', timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(child.exitCode, output).to.equal(null);
    recordConfigSecrets({}, dataDir);
  });
  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses the upload with 507 and the envelope, keeps the logo it had and no partial file, and goes on serving reads', async () => {
    const email = `disk-${randomUUID()}@example.test`;
    const signup = await sendRaw(url, {
      method: 'POST',
      path: '/api/v1/auth/signup',
      body: { email, password: PASSWORD, display_name: 'Disk Full' },
    });
    expect(signup.status, signup.text).to.equal(201);
    const login = await sendRaw(url, {
      method: 'POST',
      path: '/api/v1/auth/login',
      body: { email, password: PASSWORD },
    });
    const auth = { authorization: `Bearer ${(login.json as { access_token: string }).access_token}` };
    const kit = await sendRaw(url, {
      method: 'POST',
      path: '/api/v1/brand-kits',
      headers: auth,
      body: { name: 'Full' },
    });
    const kitId = (kit.json as { id: string }).id;
    const upload = async (data: Buffer) => {
      const form = multipartBody([
        { name: 'logo_type', value: 'primary' },
        { name: 'file', filename: 'logo.png', contentType: 'image/png', data },
      ]);
      return sendRaw(url, {
        method: 'POST',
        path: `/api/v1/brand-kits/${kitId}/logos`,
        headers: { ...auth, 'content-type': form.contentType },
        body: form.body,
        timeoutMs: 30_000,
      });
    };

    // a small logo fits
    const small = await upload(await smallPng());
    expect(small.status, small.text).to.equal(201);
    const logoBefore = await sendRaw(url, { method: 'GET', path: `/api/v1/brand-kits/${kitId}/logos`, headers: auth });
    const filesBefore = await filesUnder(path.join(dataDir, 'files'));
    expect(filesBefore, "the small logo's file").to.have.length(1);

    const full = await upload(await noisyLogo());
    expect(full.status, full.text).to.equal(507);
    expect(errorEnvelope(full)?.code).to.equal('storage_full');
    expect(child.exitCode, 'the service is still running').to.equal(null);

    // nothing corrupt: the kit still has the logo it had, and no part of the new file was left
    const logoAfter = await sendRaw(url, { method: 'GET', path: `/api/v1/brand-kits/${kitId}/logos`, headers: auth });
    expect(logoAfter.json).to.deep.equal(logoBefore.json);
    expect(await filesUnder(path.join(dataDir, 'files'))).to.deep.equal(filesBefore);
    // and reads go on: the kit, the library and the logo file itself
    expect((await sendRaw(url, { method: 'GET', path: `/api/v1/brand-kits/${kitId}`, headers: auth })).status).to.equal(
      200,
    );
    expect((await sendRaw(url, { method: 'GET', path: '/api/v1/assets', headers: auth })).status).to.equal(200);
    const logoUrl = (logoAfter.json as { logos: Array<{ url: string }> }).logos[0]?.url;
    expect(logoUrl, JSON.stringify(logoAfter.json)).to.be.a('string');
    const file = await fetch(new URL(logoUrl!, url));
    expect(file.status).to.equal(200);
    await sharp(Buffer.from(await file.arrayBuffer())).stats();
  });
});
