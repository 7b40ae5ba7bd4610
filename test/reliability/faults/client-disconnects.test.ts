import { expect } from 'chai';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import type { TestUser } from '@aurastream/service/testing';
import { eventually } from '../../support/eventually';
import { multipartBody, smallPng } from '../support/fixtures';
import { sendRaw } from '../support/http';
import { startReliabilityService, type ReliabilityService } from '../support/reliability-service';

const ROUNDS = 5;

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Sockets and timers alive in this process (the service runs in it). */
function liveResources(): { sockets: number } {
  const info = process.getActiveResourcesInfo();
  return { sockets: info.filter((kind) => kind === 'TCPSocketWrap').length };
}

describe('faults: clients that go away mid-stream and mid-upload', function () {
  this.timeout(60_000);
  let app: ReliabilityService;
  let streamer: TestUser;
  let kitId: string;

  before(async () => {
    app = await startReliabilityService({
      // an answer streams for a second or two, so the client leaves in the middle of it
      COACH_OFFLINE_TOKEN_DELAY_MS: '30',
      COACH_MAX_CONCURRENT_STREAMS: '1',
    });
    streamer = await app.createUser({ tier: 'studio' });
    kitId = (await streamer.api.brandKits.create({ body: { name: 'Disconnects' } })).id;
  });
  after(async () => {
    await app?.stop();
  });

  /** Redis keys of this service holding a coach stream's slot or a turn's lock. */
  async function coachHolds(): Promise<string[]> {
    const redis = app.service.infra.redis;
    const prefix = redis.options.keyPrefix ?? '';
    const keys = await redis.keys(`${prefix}coach:*`);
    const holds: string[] = [];
    for (const key of keys.map((full) => full.slice(prefix.length))) {
      if (key.startsWith('coach:session-turn:')) {
        holds.push(key);
      } else if (key.startsWith('coach:streams:') && (await redis.zcard(key)) > 0) {
        holds.push(`${key} (${await redis.zcard(key)} open)`);
      }
    }
    return holds;
  }

  /** Opens a coach stream over raw HTTP and drops the connection once the first token arrived. */
  function leaveCoachMidStream(): Promise<void> {
    const url = new URL(app.url);
    const body = JSON.stringify({ asset_type: 'twitch_emote', description: 'a cheerful fox emote waving hello' });
    return new Promise((resolve, reject) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/v1/coach/start',
        headers: {
          authorization: `Bearer ${streamer.accessToken}`,
          accept: 'text/event-stream',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`coach answered ${res.statusCode}`));
          return;
        }
        res.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('event: token')) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on('error', () => undefined);
      req.end(body);
    });
  }

  /** Sends half of a logo upload's body, then drops the connection. */
  async function leaveUploadMidBody(): Promise<void> {
    const form = multipartBody([
      { name: 'logo_type', value: 'primary' },
      { name: 'file', filename: 'logo.png', contentType: 'image/png', data: await smallPng() },
    ]);
    const url = new URL(app.url);
    await new Promise<void>((resolve) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `/api/v1/brand-kits/${kitId}/logos`,
        headers: {
          authorization: `Bearer ${streamer.accessToken}`,
          'content-type': form.contentType,
          'content-length': form.body.length,
        },
      });
      req.on('error', () => undefined);
      req.write(form.body.subarray(0, Math.floor(form.body.length / 2)), () => {
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 50);
      });
    });
  }

  it('releases the coach stream slot, the turn lock and the socket of every client that left mid-stream', async () => {
    // a whole stream first, so whatever is made once per process exists before the baseline
    const whole = await streamer.api.coach.start({ body: { assetType: 'twitch_emote', description: 'a fox' } });
    for await (const chunk of whole) {
      void chunk;
    }
    const baseline = liveResources();
    expect(await coachHolds()).to.deep.equal([]);

    for (let round = 0; round < ROUNDS; round++) {
      await leaveCoachMidStream();
      // one stream allowed at a time: the next round is refused unless the last one let go
      expect(await eventually(async () => (await coachHolds()).length === 0, 5000), `round ${round}`).to.equal(true);
    }
    expect(await eventually(() => liveResources().sockets <= baseline.sockets, 5000)).to.equal(true);
    const after = await streamer.api.coach.start({ body: { assetType: 'twitch_emote', description: 'a fox' } });
    for await (const chunk of after) {
      void chunk;
    }
  });

  it('leaves no file, no logo and no open socket behind for uploads cut off mid-body', async () => {
    const dataDir = app.service.config.dataDir;
    const filesBefore = await filesUnder(dataDir);
    const baseline = liveResources();
    for (let round = 0; round < ROUNDS; round++) {
      await leaveUploadMidBody();
    }
    expect(await eventually(() => liveResources().sockets <= baseline.sockets, 5000)).to.equal(true);
    const kit = await sendRaw(app.url, {
      method: 'GET',
      path: `/api/v1/brand-kits/${kitId}/logos`,
      headers: { authorization: `Bearer ${streamer.accessToken}` },
    });
    expect(kit.status).to.equal(200);
    expect(JSON.stringify(kit.json)).not.to.include('logo.png');
    const filesAfter = (await filesUnder(dataDir)).filter(
      (file) => !file.startsWith('mongo') && !file.startsWith('redis'),
    );
    expect(filesAfter).to.deep.equal(
      filesBefore.filter((file) => !file.startsWith('mongo') && !file.startsWith('redis')),
    );
  });
});
