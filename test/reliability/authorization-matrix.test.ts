import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { defineEndpoint, type EndpointDefinition } from '@aurastream/contract';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { bindRoute } from '../../service/src/http/route';
import { errorHandler } from '../../service/src/http/error-handler';
import { testLogger } from '@aurastream/service/testing';
import { buildMatrixWorld, type MatrixWorld } from './support/fixtures';
import { runMatrixRow, type MatrixCredentials } from './support/matrix-runner';
import { startReliabilityService, type ReliabilityService } from './support/reliability-service';
import { contractRoutes } from './support/route-table';
import { routeMatrix, type MatrixEntry } from './route-matrix';

/**
 * Every endpoint of the contract's route table, called by every kind of caller that must be refused
 * (no token, expired, forged in every way, a logged-out session, a deleted account, another user, a
 * plan or a role without access; forged, expired, wrong-channel and wrong-role extension JWTs;
 * unknown and revoked service credentials; forged and stale EventSub deliveries), then by its
 * rightful caller. Each answer must be the documented one, with the error envelope, holding none of
 * the owner's data, and another user's resource must answer exactly like one that does not exist.
 */
describe('authorization matrix: every endpoint × every kind of caller', function () {
  this.timeout(120_000);
  const routes = contractRoutes();
  let twitch: FakeTwitch;
  let app: ReliabilityService;
  let world: MatrixWorld;
  let credentials: MatrixCredentials;
  let totalCalls = 0;

  before(async function () {
    this.timeout(180_000);
    twitch = await startFakeTwitch();
    app = await startReliabilityService(
      {
        ...twitch.serviceEnv,
        TWITCH_EXTENSION_CLIENT_ID: 'auraextensionmatrix1',
        EXTENSION_CACHE_SECONDS: '0',
        // accounts changed straight in the database (roles, tiers) apply at once
        AUTH_USER_CACHE_MS: '0',
      },
      { logLevel: 'debug' },
    );
    world = await buildMatrixWorld(app, twitch);
    const { auth, twitch: twitchConfig } = app.service.config;
    credentials = {
      world,
      accessTokens: { secret: auth.jwtSecret, keyId: auth.jwtKeyId, issuer: auth.issuer, audience: auth.audience },
      extensionSecret: twitchConfig.extensionSecret,
      eventSubSecret: twitchConfig.eventSubSecret,
    };
  });
  after(async () => {
    try {
      // fails when a secret or a credential reached the logs
      await app?.stop();
    } finally {
      await twitch?.stop();
    }
  });

  it('has an entry for every endpoint of the contract, and none for a route that is gone', () => {
    const keys = routes.map((route) => route.key);
    expect(
      keys.filter((key) => !(key in routeMatrix)),
      'endpoints without a matrix entry',
    ).to.deep.equal([]);
    expect(
      Object.keys(routeMatrix).filter((key) => !keys.includes(key)),
      'entries without an endpoint',
    ).to.deep.equal([]);
  });

  for (const route of routes) {
    const { endpoint } = route;
    it(`${route.key}: ${endpoint.method} ${endpoint.path} (${endpoint.auth})`, async () => {
      const entry = routeMatrix[route.key];
      expect(entry, `${route.key} has no entry in test/reliability/route-matrix.ts`).to.not.equal(undefined);
      const { calls, problems } = await runMatrixRow(endpoint, entry as MatrixEntry, credentials);
      totalCalls += calls;
      expect(problems, `${route.key}`).to.deep.equal([]);
    });
  }

  it('runs the probes of caller kinds no route declares yet on routes bound like any other', async () => {
    // EventSub deliveries and role-limited extension endpoints arrive with issue 15; their probes
    // are checked now on endpoints bound with the service's own caller checks and error handler
    const synthetic: Record<string, EndpointDefinition> = {
      eventSub: defineEndpoint({
        method: 'POST',
        path: '/synthetic/eventsub',
        tag: 'Synthetic',
        summary: 'An EventSub receiver',
        auth: 'twitch-eventsub',
        status: 204,
      }),
      broadcasterOnly: defineEndpoint({
        method: 'GET',
        path: '/synthetic/broadcaster',
        tag: 'Synthetic',
        summary: 'A broadcaster-only extension endpoint',
        auth: 'extension',
        extensionRoles: ['broadcaster'],
        status: 204,
      }),
    };
    const router = express.Router();
    for (const endpoint of Object.values(synthetic)) {
      bindRoute(router, app.service.container.callers, endpoint, async () => undefined);
    }
    const server = express()
      .use(router)
      .use(errorHandler(testLogger('matrix-app')))
      .listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const here = { ...credentials, world: { ...world, app: { ...app, url } } };
      for (const endpoint of Object.values(synthetic)) {
        const { calls, problems } = await runMatrixRow(endpoint, { request: () => ({ body: { probe: true } }) }, here);
        expect(problems, endpoint.path).to.deep.equal([]);
        // forged deliveries, or forged tokens and the three roles without access, plus the rightful call
        expect(calls).to.be.at.least(5);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('made at least one call per endpoint and kind of refusal', () => {
    // a sanity floor: 78 endpoints today, most with a dozen refusals each
    expect(totalCalls).to.be.at.least(routes.length * 3);
  });
});
