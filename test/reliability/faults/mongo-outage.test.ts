import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { testLogger, type TestUser } from '@aurastream/service/testing';
import { startEmbeddedMongo, type EmbeddedMongoServer } from '../../../service/src/db/embedded';
import { pollUntil } from '../../generation/support';
import { errorEnvelope, sendRaw } from '../support/http';
import { startReliabilityService, type ReliabilityService } from '../support/reliability-service';

const WRITERS = 6;

describe('faults: the embedded MongoDB stopped and restarted while streamers write', function () {
  this.timeout(90_000);
  let dir: string;
  let mongo: EmbeddedMongoServer;
  let app: ReliabilityService;
  let streamer: TestUser;

  const startPrivateMongo = (port = 0) =>
    // a server of this test's own (never the suite's shared one), with the per-write fsync of production
    startEmbeddedMongo({
      dbPath: path.join(dir, 'mongo'),
      port,
      host: '127.0.0.1',
      logger: testLogger('embedded-mongo'),
    });

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-mongo-fault-'));
    mongo = await startPrivateMongo();
    app = await startReliabilityService({
      // frequent heartbeats: the driver notices the lost server (and its return) within a second
      MONGODB_URI: `${mongo.uri}?heartbeatFrequencyMS=500&serverSelectionTimeoutMS=2000`,
      BRAND_KIT_LIMITS: 'free:100000,pro:100000,studio:100000',
    });
    streamer = await app.createUser();
  });
  after(async () => {
    await app?.stop().catch(() => undefined);
    await mongo?.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  const ready = async () => (await sendRaw(app.url, { method: 'GET', path: '/ready' })).status;

  it('loses no acknowledged write, answers 503 with the envelope meanwhile, and readiness goes down and back up', async () => {
    const acknowledged = new Map<string, string>();
    const otherStatuses: string[] = [];
    let writing = true;
    let sent = 0;
    const writer = async (index: number) => {
      for (let n = 0; writing; n++) {
        const name = `Kit ${index}-${n}`;
        sent++;
        const answer = await sendRaw(app.url, {
          method: 'POST',
          path: '/api/v1/brand-kits',
          headers: { authorization: `Bearer ${streamer.accessToken}` },
          body: { name },
        }).catch((error: unknown) => ({ status: 0, text: String(error), json: undefined, headers: {} }));
        if (answer.status === 201) {
          acknowledged.set((answer.json as { id: string }).id, name);
        } else {
          const envelope = answer.status === 503 ? errorEnvelope(answer) : null;
          otherStatuses.push(envelope ? `503 ${envelope.code}` : `${answer.status} ${answer.text.slice(0, 200)}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, index) => writer(index));
    await pollUntil(
      async () => acknowledged.size,
      (size) => size >= 20,
      { what: 'writes before the outage', timeoutMs: 20_000 },
    );
    expect(await ready()).to.equal(200);

    const port = Number(new URL(mongo.uri).port);
    await mongo.stop();
    await pollUntil(ready, (status) => status === 503, { what: 'readiness to go down', timeoutMs: 10_000 });
    const acknowledgedDuringOutage = acknowledged.size;
    // down until writes are being refused (how soon depends on the driver's server selection)
    await pollUntil(
      async () => otherStatuses.length,
      (refused) => refused > 0,
      { what: 'a write to be refused during the outage', timeoutMs: 30_000 },
    );
    mongo = await startPrivateMongo(port);

    await pollUntil(ready, (status) => status === 200, { what: 'readiness to come back', timeoutMs: 20_000 });
    await pollUntil(
      async () => acknowledged.size,
      (size) => size >= acknowledgedDuringOutage + 20,
      { what: 'writes to be acknowledged again', timeoutMs: 20_000 },
    );
    writing = false;
    await Promise.all(writers);

    // every refusal was the dependency's 503 with the envelope: no 500, no dropped connection
    expect(
      otherStatuses.filter((status) => status !== '503 dependency_unavailable'),
      `of ${sent} writes`,
    ).to.deep.equal([]);
    expect(otherStatuses.length, 'writes refused during the outage').to.be.above(0);
    const stored = new Map<string, string>();
    for (const kit of (await streamer.api.brandKits.list({})).brandKits) {
      stored.set(kit.id, kit.name);
    }
    const lost = [...acknowledged].filter(([id, name]) => stored.get(id) !== name);
    expect(lost, `acknowledged writes missing after the restart (of ${acknowledged.size})`).to.deep.equal([]);
  });
});
