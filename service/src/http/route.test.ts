import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express, { Router } from 'express';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { defineEndpoint } from '@aurastream/contract';
import { createCallerVerifiers } from '../auth/callers';
import { serviceCredentialErrors } from '../auth/caller-errors';
import { EventSubSignatureVerifier } from '../auth/eventsub-signature';
import { ExtensionJwt } from '../auth/extension-jwt';
import { createLogger } from '../shared/logger';
import { parsedBodies } from './body-parsers';
import { errorHandler } from './error-handler';
import { bindRoute } from './route';

/** A test router: one endpoint per caller kind, each answering what bindRoute told it about the caller. */
const probe = {
  viewer: defineEndpoint({
    method: 'GET',
    path: '/probe/viewer',
    tag: 'Test',
    summary: 'any viewer',
    auth: 'extension',
  }),
  moderator: defineEndpoint({
    method: 'POST',
    path: '/probe/moderator',
    tag: 'Test',
    summary: 'broadcaster or moderator',
    auth: 'extension',
    extensionRoles: ['broadcaster', 'moderator'],
  }),
  eventSub: defineEndpoint({
    method: 'POST',
    path: '/probe/eventsub',
    tag: 'Test',
    summary: 'Twitch',
    auth: 'twitch-eventsub',
    body: z.object({ subscription: z.object({ type: z.string() }) }),
  }),
};

const currentSecret = randomBytes(32).toString('base64');
const previousSecret = randomBytes(32).toString('base64');
const eventSubSecret = randomBytes(20).toString('hex');

function viewerToken(
  claims: Record<string, unknown> = {},
  options: { secret?: string; expiresInSeconds?: number } = {},
): Promise<string> {
  return new SignJWT({
    channel_id: '1234',
    opaque_user_id: 'UviewerOne',
    role: 'viewer',
    pubsub_perms: { listen: ['broadcast'], send: [] },
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 3600))
    .sign(new Uint8Array(Buffer.from(options.secret ?? currentSecret, 'base64')));
}

/** The signature as Twitch's documentation computes it: HMAC-SHA256 of id + timestamp + raw body. */
function twitchSignature(messageId: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', eventSubSecret)
    .update(messageId + timestamp + body)
    .digest('hex')}`;
}

interface Delivery {
  body?: string;
  messageId?: string;
  timestamp?: string;
  signature?: string | null;
  signedBody?: string;
  headers?: Record<string, string>;
}

describe('callers declared on an endpoint, verified by bindRoute', () => {
  let server: Server;
  let origin: string;

  before(async () => {
    const callers = createCallerVerifiers({
      authenticator: { authenticate: async () => null },
      extensionTokens: new ExtensionJwt(currentSecret, [previousSecret]),
      serviceCredentials: {
        authenticate: async () => {
          throw serviceCredentialErrors.invalid();
        },
      },
      eventSub: new EventSubSignatureVerifier(eventSubSecret),
    });
    const router = Router();
    bindRoute(router, callers, probe.viewer, async ({ principal }) => principal);
    bindRoute(router, callers, probe.moderator, async ({ principal }) => ({ role: principal.role }));
    bindRoute(router, callers, probe.eventSub, async ({ principal, body }) => ({
      kind: principal.kind,
      message_id: principal.messageId,
      message_type: principal.messageType,
      subscription_type: principal.subscriptionType,
      type_in_body: body.subscription.type,
    }));
    const app = express();
    app.use(parsedBodies());
    app.use(router);
    app.use(errorHandler(createLogger({ level: 'silent' })));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function answer(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const codeOf = (body: Record<string, unknown>) => (body.error as { code: string }).code;

  describe('a Twitch extension viewer', () => {
    const asViewer = async (path: string, headers: Record<string, string>, method = 'GET') =>
      answer(await fetch(`${origin}${path}`, { method, headers }));

    it('gets the viewer from the JWT, by `x-extension-jwt` or `Authorization: Bearer`', async () => {
      const token = await viewerToken({ user_id: '98765' });
      const sendings: Record<string, string>[] = [{ 'x-extension-jwt': token }, { authorization: `Bearer ${token}` }];
      for (const headers of sendings) {
        const { status, body } = await asViewer('/probe/viewer', headers);
        expect(status).to.equal(200);
        expect(body).to.include({
          kind: 'extension',
          channelId: '1234',
          opaqueUserId: 'UviewerOne',
          userId: '98765',
          role: 'viewer',
        });
      }
    });

    it('has no Twitch user id until the viewer shares their identity', async () => {
      const { body } = await asViewer('/probe/viewer', { 'x-extension-jwt': await viewerToken() });
      expect(body.userId).to.equal(null);
    });

    it('is refused without a token, with a forged one and with an expired one', async () => {
      const forged = await viewerToken({}, { secret: randomBytes(32).toString('base64') });
      const expired = await viewerToken({}, { expiresInSeconds: -120 });
      const cases: [Record<string, string>, string][] = [
        [{}, 'extension_token_missing'],
        [{ 'x-extension-jwt': forged }, 'extension_token_invalid'],
        [{ 'x-extension-jwt': expired }, 'extension_token_expired'],
        [{ authorization: 'Bearer not-a-jwt' }, 'extension_token_invalid'],
      ];
      for (const [headers, code] of cases) {
        const { status, body } = await asViewer('/probe/viewer', headers);
        expect(status, code).to.equal(401);
        expect(codeOf(body)).to.equal(code);
      }
    });

    it('is accepted when signed with the secret before a rotation', async () => {
      const token = await viewerToken({}, { secret: previousSecret });
      expect((await asViewer('/probe/viewer', { 'x-extension-jwt': token })).status).to.equal(200);
    });

    it('needs one of the roles the endpoint names', async () => {
      for (const role of ['viewer', 'external']) {
        const token = await viewerToken({ role });
        const { status, body } = await asViewer('/probe/moderator', { 'x-extension-jwt': token }, 'POST');
        expect(status, role).to.equal(403);
        expect(codeOf(body)).to.equal('extension_role_forbidden');
      }
      for (const role of ['broadcaster', 'moderator']) {
        const token = await viewerToken({ role });
        const { status, body } = await asViewer('/probe/moderator', { 'x-extension-jwt': token }, 'POST');
        expect(status, role).to.equal(200);
        expect(body).to.deep.equal({ role });
      }
    });
  });

  describe('Twitch, by the EventSub signature', () => {
    const notification = JSON.stringify({
      subscription: { type: 'channel.channel_points_custom_reward_redemption.add' },
      event: { user_input: 'a  cat   with   sunglasses' },
    });

    async function deliver(delivery: Delivery = {}) {
      const body = delivery.body ?? notification;
      const messageId = delivery.messageId ?? randomUUID();
      const timestamp = delivery.timestamp ?? new Date().toISOString();
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'twitch-eventsub-message-id': messageId,
        'twitch-eventsub-message-timestamp': timestamp,
        'twitch-eventsub-message-type': 'notification',
        'twitch-eventsub-subscription-type': 'channel.channel_points_custom_reward_redemption.add',
        'twitch-eventsub-subscription-version': '1',
        ...delivery.headers,
      };
      if (delivery.signature !== null) {
        headers['twitch-eventsub-message-signature'] =
          delivery.signature ?? twitchSignature(messageId, timestamp, delivery.signedBody ?? body);
      }
      return answer(await fetch(`${origin}/probe/eventsub`, { method: 'POST', headers, body }));
    }

    it('accepts a delivery signed over the raw body, spacing included, and hands on its parsed body', async () => {
      const { status, body } = await deliver({ messageId: 'msg-1' });
      expect(status).to.equal(200);
      expect(body).to.deep.equal({
        kind: 'twitch',
        message_id: 'msg-1',
        message_type: 'notification',
        subscription_type: 'channel.channel_points_custom_reward_redemption.add',
        type_in_body: 'channel.channel_points_custom_reward_redemption.add',
      });
    });

    it("reads Twitch's nanosecond timestamps", async () => {
      const nanoseconds = new Date().toISOString().replace(/Z$/, '123456Z');
      expect((await deliver({ timestamp: nanoseconds })).status).to.equal(200);
    });

    it('refuses a delivery without a signature', async () => {
      const { status, body } = await deliver({ signature: null });
      expect(status).to.equal(401);
      expect(codeOf(body)).to.equal('eventsub_signature_missing');
    });

    it('refuses a forged signature, a malformed one and a body changed after signing', async () => {
      const forged = `sha256=${randomBytes(32).toString('hex')}`;
      const changed = notification.replace('sunglasses', 'a hat');
      for (const delivery of [
        { signature: forged },
        { signature: 'sha256=zz' },
        { body: changed, signedBody: notification },
      ]) {
        const { status, body } = await deliver(delivery);
        expect(status, JSON.stringify(delivery)).to.equal(401);
        expect(codeOf(body)).to.equal('eventsub_signature_invalid');
      }
    });

    it('refuses a delivery signed more than 10 minutes ago or ahead (a replay)', async () => {
      for (const offsetMs of [-11 * 60_000, 11 * 60_000]) {
        const { status, body } = await deliver({ timestamp: new Date(Date.now() + offsetMs).toISOString() });
        expect(status, String(offsetMs)).to.equal(401);
        expect(codeOf(body)).to.equal('eventsub_timestamp_out_of_window');
      }
      expect((await deliver({ timestamp: new Date(Date.now() - 9 * 60_000).toISOString() })).status).to.equal(200);
    });

    it('validates the body of a genuine delivery (422 for malformed JSON)', async () => {
      const { status, body } = await deliver({ body: '{"subscription": ' });
      expect(status).to.equal(422);
      expect(codeOf(body)).to.equal('validation_failed');
    });

    it('refuses a body it cannot read like any other request: 415, 400 or 413, never a 500', async () => {
      const cases = [
        { headers: { 'content-encoding': 'bogus' }, status: 415, code: 'unsupported_content_encoding' },
        // a gzip header over bytes that are not gzip
        { headers: { 'content-encoding': 'gzip' }, status: 400, code: 'malformed_body' },
        { body: JSON.stringify({ subscription: { type: 'x' }, padding: 'x'.repeat(1024 * 1024) }), status: 413 },
      ];
      for (const { status: expected, code, ...delivery } of cases) {
        const { status, body } = await deliver(delivery);
        expect(status, JSON.stringify(delivery.headers ?? 'large body')).to.equal(expected);
        if (code) {
          expect(codeOf(body)).to.equal(code);
        }
      }
    });
  });
});
