import { request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { temporaryFileOf } from '../../service/src/storage/local-storage';

/** A GET sent byte for byte as written (fetch would normalise `..` away). */
function rawGet(
  origin: string,
  rawPath: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: 'GET', path: rawPath }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local file storage over HTTP (/files)', () => {
  let app: TestService;
  let key: string;

  before(async () => {
    app = await startTestService();
    key = 'users/00000000-0000-4000-8000-000000000001/brand-kits/k/logos/primary-1.png';
    await app.service.infra.storage.put(key, Buffer.from('not really a png'), 'image/png');
    // a file next to the storage root that must never be reachable
    await writeFile(path.join(app.service.config.dataDir, 'outside.txt'), 'top secret');
  });

  after(async () => {
    await app.stop();
  });

  it('serves a stored file with its type and immutable caching', async () => {
    const response = await rawGet(app.url, `/files/${key}`);
    expect(response.status).to.equal(200);
    expect(response.body).to.equal('not really a png');
    expect(response.headers['content-type']).to.equal('image/png');
    expect(response.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
    expect(response.headers['x-content-type-options']).to.equal('nosniff');
  });

  it('answers 404 for a missing file and for a folder', async () => {
    expect((await rawGet(app.url, '/files/users/nobody/missing.png')).status).to.equal(404);
    expect((await rawGet(app.url, '/files/users/')).status).to.equal(404);
    expect((await rawGet(app.url, '/files/users')).status).to.equal(404);
  });

  it('never serves anything outside the storage root', async () => {
    for (const attempt of [
      '/files/../outside.txt',
      '/files/..%2foutside.txt',
      '/files/%2e%2e/outside.txt',
      '/files/%2e%2e%2foutside.txt',
      '/files/users/..%2f..%2foutside.txt',
      '/files/..%5coutside.txt',
      '/files/%252e%252e%252foutside.txt',
    ]) {
      const response = await rawGet(app.url, attempt);
      expect(response.status, attempt).to.be.oneOf([400, 403, 404]);
      expect(response.body, attempt).to.not.contain('top secret');
    }
  });

  it('never serves dotfiles', async () => {
    await app.service.infra.storage.put('users/x/file.png', Buffer.from('x'), 'image/png');
    await writeFile(path.join(app.service.config.storage.localDir, 'users', 'x', '.hidden'), 'hidden');
    const response = await rawGet(app.url, '/files/users/x/.hidden');
    expect(response.status).to.be.oneOf([403, 404]);
    expect(response.body).to.not.contain('hidden"');
  });

  it('never serves a file still being written (its temporary file, as a crash leaves it)', async () => {
    const { localDir } = app.service.config.storage;
    const partial = temporaryFileOf(path.join(localDir, 'users', 'x', 'assets', 'job', 'design.png'));
    await mkdir(path.dirname(partial), { recursive: true });
    await writeFile(partial, 'half a png');
    const response = await rawGet(app.url, `/files/${path.relative(localDir, partial).split(path.sep).join('/')}`);
    expect(response.status).to.be.oneOf([403, 404]);
    expect(response.body).to.not.contain('half a png');
  });
});
