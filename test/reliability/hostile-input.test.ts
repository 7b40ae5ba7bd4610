import { expect } from 'chai';
import fc from 'fast-check';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import type { EndpointDefinition } from '@aurastream/contract';
import { buildMatrixWorld, type MatrixWorld } from './support/fixtures';
import { errorEnvelope, sendRaw, type RawRequest } from './support/http';
import { hostileRequests, type HostileRequest } from './support/hostile-requests';
import { rightfulHeaders, toRaw, type MatrixCredentials } from './support/matrix-runner';
import { startReliabilityService, type ReliabilityService } from './support/reliability-service';
import { contractRoutes } from './support/route-table';
import { snapshotStore, storeDifferences, type StoreSnapshot } from './support/store-snapshot';
import { routeMatrix } from './route-matrix';

/** Requests per run (`RELIABILITY_HOSTILE_REQUESTS`; `npm run test:soak` sends more). */
const totalRequests = Number(process.env.RELIABILITY_HOSTILE_REQUESTS ?? 10_000);

/** What an answer shows of the service's insides: a stack frame, a source path, a driver's message. */
const internals =
  /\n\s+at |\(\/[^)]*:\d+:\d+\)|node:internal|\/work\/|\.ts:\d+|MongoServerError|CastError|TypeError|ReferenceError/;

interface Target {
  key: string;
  endpoint: EndpointDefinition;
  hostile: fc.Arbitrary<HostileRequest>;
}

/**
 * Every endpoint that takes input (path parameters, a query, a body), called by its rightful caller
 * with that input made hostile in every way fast-check finds: each answer is a 4xx with the error
 * envelope and nothing of the service's insides, and afterwards the database and the file store
 * are exactly as they were, and Object.prototype is untouched.
 */
describe('hostile input: every endpoint refuses what no schema takes, and nothing is written', function () {
  this.timeout(600_000);
  let twitch: FakeTwitch;
  let app: ReliabilityService;
  let world: MatrixWorld;
  const targets: Target[] = [];
  let storeBefore: StoreSnapshot;
  let sent = 0;

  const routes = contractRoutes().filter(
    ({ endpoint }) => endpoint.params ?? endpoint.query ?? endpoint.body ?? endpoint.multipart,
  );

  before(async function () {
    this.timeout(300_000);
    twitch = await startFakeTwitch();
    app = await startReliabilityService(
      {
        ...twitch.serviceEnv,
        TWITCH_EXTENSION_CLIENT_ID: 'auraextensionhostile',
        AUTH_USER_CACHE_MS: '0',
        // the fixtures' deleted asset stays restorable (not purged mid-run)
        ASSET_DELETE_GRACE_SECONDS: '86400',
      },
      { logLevel: 'info' },
    );
    world = await buildMatrixWorld(app, twitch);
    const { auth, twitch: twitchConfig } = app.service.config;
    const credentials: MatrixCredentials = {
      world,
      accessTokens: { secret: auth.jwtSecret, keyId: auth.jwtKeyId, issuer: auth.issuer, audience: auth.audience },
      extensionSecret: twitchConfig.extensionSecret,
      eventSubSecret: twitchConfig.eventSubSecret,
    };
    // the rightful calls are prepared first (some make what they act on), then the store is fixed
    for (const { key, endpoint } of routes) {
      const entry = routeMatrix[key];
      if (!entry) {
        continue; // the authorization matrix fails for it
      }
      // a correctly signed body is Twitch's word: the EventSub callback's hostile deliveries (forged,
      // stale, replayed, malformed) are test/eventsub's, and the matrix's probes
      if (endpoint.auth === 'twitch-eventsub') {
        continue;
      }
      const owner = entry.destructive ? (await world.fresh()).owner : world.owner;
      const call = await entry.request({ world, owner });
      const base: RawRequest = toRaw(endpoint, call, await rightfulHeaders(endpoint, credentials, owner.owner, call));
      const hostile = hostileRequests(endpoint, call, base);
      if (hostile) {
        targets.push({ key, endpoint, hostile });
      }
    }
    await world.owner.revealing();
    storeBefore = await snapshotStore(app);
  });
  after(async () => {
    try {
      await app?.stop();
    } finally {
      await twitch?.stop();
    }
  });

  it('has hostile variants for every endpoint that takes input', () => {
    expect(targets.map((target) => target.key)).to.have.members(
      routes.filter((route) => route.endpoint.auth !== 'twitch-eventsub').map((route) => route.key),
    );
  });

  it(`refuses ${totalRequests} hostile requests with a 4xx and the error envelope, never a 5xx or a stack trace`, async () => {
    const runsPerEndpoint = Math.ceil(totalRequests / targets.length);
    const failures: string[] = [];
    // a few endpoints at a time: each property runs its requests one after another
    const queue = [...targets];
    const lanes = Array.from({ length: 4 }, async () => {
      for (let target = queue.shift(); target; target = queue.shift()) {
        const { key, endpoint, hostile } = target;
        const redirects = endpoint.responseKind === 'redirect';
        const result = await fc.check(
          fc.asyncProperty(hostile, async ({ kind, request }) => {
            sent++;
            const answer = await sendRaw(app.url, request);
            const refused = answer.status >= 400 && answer.status < 500;
            // a browser-facing redirect refuses by sending the browser back with the error
            const redirectedWithError = redirects && answer.status === 302;
            if (!refused && !redirectedWithError) {
              throw new Error(`${kind}: answered ${answer.status} ${answer.text.slice(0, 200)}`);
            }
            if (refused && errorEnvelope(answer) === null) {
              throw new Error(`${kind}: ${answer.status} without the error envelope: ${answer.text.slice(0, 200)}`);
            }
            if (internals.test(answer.text)) {
              throw new Error(`${kind}: the answer shows the service's insides: ${answer.text.slice(0, 300)}`);
            }
          }),
          { numRuns: runsPerEndpoint, endOnFailure: true },
        );
        if (result.failed) {
          failures.push(
            `${key}: ${String((result.errorInstance as Error | undefined)?.message)} (seed ${result.seed})`,
          );
        }
      }
    });
    await Promise.all(lanes);
    expect(failures).to.deep.equal([]);
    expect(sent).to.be.at.least(totalRequests);
  });

  it('leaves the database and the file store exactly as they were, and Object.prototype untouched', async () => {
    expect(storeDifferences(storeBefore, await snapshotStore(app))).to.deep.equal([]);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.prototype).to.not.have.property('role');
  });
});
