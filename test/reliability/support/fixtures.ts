/**
 * The people and resources the authorization matrix calls endpoints on: an owner with a brand kit
 * (and a logo), a finished job with its assets, a pack and a coach session, another user, an
 * administrator, a service credential and a connected Twitch streamer for the extension. Resources
 * are made on first use, through the API like a client would.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { FakeTwitch } from '@aurastream/fake-twitch';
import { createStreamer } from '../../extension/support';
import { errorEnvelope, sendRaw, type RawAnswer, type RawRequest } from './http';
import { watchCredential, watchCredentialsIn, type ReliabilityService } from './reliability-service';

export const suitePassword = 'violet-Otter-42';

/** A signed-in person: their id, e-mail and a real session's access token. */
export interface Person {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

const ACTIVE_JOB = new Set(['queued', 'processing']);

/** One multipart/form-data body with text fields and files, as a browser sends it. */
export function multipartBody(
  parts: Array<{ name: string; value: string } | { name: string; filename: string; contentType: string; data: Buffer }>,
  boundary = `----aurastream${randomUUID().replace(/-/g, '')}`,
): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('filename' in part) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.contentType}\r\n\r\n`,
        ),
        part.data,
        Buffer.from('\r\n'),
      );
    } else {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A small real PNG, for logo uploads. */
export function smallPng(): Promise<Buffer> {
  return sharp({ create: { width: 48, height: 48, channels: 4, background: '#9146FF' } })
    .png()
    .toBuffer();
}

/** A request as a given bearer token, throwing unless it answers `status`. */
export async function expectStatus(app: ReliabilityService, request: RawRequest, status: number): Promise<RawAnswer> {
  const answer = await sendRaw(app.url, request);
  if (answer.status !== status) {
    throw new Error(`${request.method} ${request.path}: expected ${status}, got ${answer.status} ${answer.text}`);
  }
  watchCredentialsIn(answer.text);
  return answer;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Signs up through the API (a real password and session), then sets the tier. */
export async function signUp(
  app: ReliabilityService,
  options: { tier?: 'free' | 'pro' | 'studio'; role?: 'user' | 'admin' } = {},
): Promise<Person> {
  const email = `rel-${randomUUID()}@example.test`;
  await expectStatus(
    app,
    { method: 'POST', path: '/api/v1/auth/signup', body: { email, password: suitePassword, display_name: 'Matrix' } },
    201,
  );
  const user = await app.service.container.users.findByEmailForAuthentication(email);
  if (!user) {
    throw new Error('the signed-up user is missing');
  }
  await app.service.container.users.update(user.id, { subscription_tier: options.tier ?? 'studio' });
  if (options.role === 'admin') {
    // straight in the database, as `npm run admin -- set-role` would; the suite reads accounts uncached
    await app.service.infra.mongo.connection
      .collection('users')
      .updateOne({ _id: user.id }, { $set: { role: 'admin' } });
  }
  return logIn(app, user.id, email);
}

/** Another session (device) of an account. */
export async function logIn(app: ReliabilityService, id: string, email: string): Promise<Person> {
  const answer = await expectStatus(
    app,
    { method: 'POST', path: '/api/v1/auth/login', body: { email, password: suitePassword } },
    200,
  );
  const login = answer.json as { access_token: string; refresh_token: string };
  watchCredential(login.access_token);
  watchCredential(login.refresh_token);
  return { id, email, accessToken: login.access_token, refreshToken: login.refresh_token };
}

/** An owner's resources, each made on first use. */
export class OwnerResources {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly app: ReliabilityService,
    readonly owner: Person,
  ) {}

  private once<T>(name: string, make: () => Promise<T>): Promise<T> {
    let value = this.memo.get(name) as Promise<T> | undefined;
    if (!value) {
      value = make();
      this.memo.set(name, value);
    }
    return value;
  }

  private call(request: Omit<RawRequest, 'headers'> & { headers?: Record<string, string> }, status: number) {
    return expectStatus(
      this.app,
      { ...request, headers: { ...bearer(this.owner.accessToken), ...request.headers } },
      status,
    );
  }

  /** The owner's active brand kit, with a primary logo. */
  kit(): Promise<{ id: string; name: string }> {
    return this.once('kit', async () => {
      const name = `Secret Kit ${randomUUID()}`;
      const kit = (await this.call({ method: 'POST', path: '/api/v1/brand-kits', body: { name } }, 201)).json as {
        id: string;
      };
      await this.call({ method: 'POST', path: `/api/v1/brand-kits/${kit.id}/activate` }, 200);
      const form = multipartBody([
        { name: 'logo_type', value: 'primary' },
        { name: 'file', filename: 'logo.png', contentType: 'image/png', data: await smallPng() },
      ]);
      await this.call(
        {
          method: 'POST',
          path: `/api/v1/brand-kits/${kit.id}/logos`,
          body: form.body,
          headers: { 'content-type': form.contentType },
        },
        201,
      );
      return { id: kit.id, name };
    });
  }

  private async waitForJob(id: string): Promise<{ id: string; status: string }> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const job = (await this.call({ method: 'GET', path: `/api/v1/jobs/${id}` }, 200)).json as {
        id: string;
        status: string;
      };
      if (!ACTIVE_JOB.has(job.status)) {
        return job;
      }
      if (Date.now() > deadline) {
        throw new Error(`job ${id} did not end`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A finished single generation. */
  job(): Promise<{ id: string }> {
    return this.once('job', async () => {
      await this.kit();
      const queued = (
        await this.call(
          {
            method: 'POST',
            path: '/api/v1/twitch/generate',
            body: { asset_type: 'emote', custom_prompt: 'a secret owl' },
          },
          202,
        )
      ).json as { id: string };
      const job = await this.waitForJob(queued.id);
      if (job.status !== 'completed') {
        throw new Error(`the fixture job ended ${job.status}`);
      }
      return { id: job.id };
    });
  }

  /** One of the job's assets (private). */
  asset(): Promise<{ id: string }> {
    return this.once('asset', async () => {
      const job = await this.job();
      const { assets } = (await this.call({ method: 'GET', path: `/api/v1/jobs/${job.id}/assets` }, 200)).json as {
        assets: Array<{ id: string }>;
      };
      if (!assets[0]) {
        throw new Error('the fixture job made no asset');
      }
      return { id: assets[0].id };
    });
  }

  /** An asset the owner made public. */
  publicAsset(): Promise<{ id: string }> {
    return this.once('publicAsset', async () => {
      const asset = await this.asset();
      await this.call({ method: 'PUT', path: `/api/v1/assets/${asset.id}/visibility`, body: { is_public: true } }, 200);
      return asset;
    });
  }

  /** An asset deleted a moment ago (restorable). */
  deletedAsset(): Promise<{ id: string }> {
    return this.once('deletedAsset', async () => {
      const asset = await this.asset();
      await this.call({ method: 'DELETE', path: `/api/v1/assets/${asset.id}` }, 200);
      return asset;
    });
  }

  /** A finished starter pack. */
  pack(): Promise<{ id: string }> {
    return this.once('pack', async () => {
      await this.kit();
      const queued = (
        await this.call({ method: 'POST', path: '/api/v1/twitch/packs', body: { pack_type: 'starter' } }, 202)
      ).json as { job: { id: string } };
      const id = queued.job.id;
      const deadline = Date.now() + 90_000;
      for (;;) {
        const pack = (await this.call({ method: 'GET', path: `/api/v1/twitch/packs/${id}` }, 200)).json as {
          job: { status: string };
        };
        if (!ACTIVE_JOB.has(pack.job.status)) {
          return { id };
        }
        if (Date.now() > deadline) {
          throw new Error('the fixture pack did not end');
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  }

  /** A coach session whose first turn has streamed. */
  coachSession(): Promise<{ id: string }> {
    return this.once('coachSession', async () => {
      const answer = await this.call(
        {
          method: 'POST',
          path: '/api/v1/coach/start',
          body: { asset_type: 'twitch_emote', description: 'a secret owl mascot waving' },
          headers: { accept: 'text/event-stream' },
        },
        200,
      );
      const id = answer.headers['x-coach-session-id'];
      if (typeof id !== 'string') {
        throw new Error('the coach did not name its session');
      }
      return { id };
    });
  }

  /** Every value of the owner's that another caller must never see in an answer. */
  async revealing(): Promise<string[]> {
    const values = [this.owner.id, this.owner.email];
    for (const promise of this.memo.values()) {
      const resource = (await promise.catch(() => null)) as Record<string, unknown> | null;
      for (const value of Object.values(resource ?? {})) {
        if (typeof value === 'string') {
          values.push(value);
        }
      }
    }
    return values;
  }
}

/** The callers of the matrix and the resources they act on. */
export interface MatrixWorld {
  app: ReliabilityService;
  owner: OwnerResources;
  /** A user of the same tier with resources of their own (for what they must not reach). */
  other: Person;
  admin: Person;
  /** A user of a lower tier than the owner. */
  proUser: Person;
  /** An access token of a session that was logged out. */
  revokedToken: string;
  /** A genuine access token of an account since deleted. */
  deletedAccountToken: string;
  serviceCredential: { id: string; secret: string };
  revokedServiceCredential: string;
  /** A Twitch channel connected to an AuraStream streamer, for the extension panel. */
  connectedChannelId: string;
  /** A fresh owner and other user with no resources yet, for endpoints that destroy or change them. */
  fresh(): Promise<{ owner: OwnerResources; other: Person }>;
}

export async function buildMatrixWorld(app: ReliabilityService, twitch: FakeTwitch): Promise<MatrixWorld> {
  const [ownerPerson, other, admin, proUser, revoked, deleted] = await Promise.all([
    signUp(app),
    signUp(app),
    signUp(app, { role: 'admin' }),
    signUp(app, { tier: 'pro' }),
    signUp(app),
    signUp(app),
  ]);
  await expectStatus(
    app,
    { method: 'POST', path: '/api/v1/auth/logout', headers: bearer(revoked.accessToken), body: {} },
    204,
  );
  await expectStatus(
    app,
    {
      method: 'DELETE',
      path: '/api/v1/auth/me',
      headers: bearer(deleted.accessToken),
      body: { password: suitePassword },
    },
    204,
  );
  const created = async (name: string) =>
    (
      await expectStatus(
        app,
        {
          method: 'POST',
          path: '/api/v1/admin/service-credentials',
          headers: bearer(admin.accessToken),
          body: { name },
        },
        201,
      )
    ).json as { credential: { id: string }; secret: string };
  const credential = await created('matrix-bot');
  const revokedCredential = await created('matrix-bot-revoked');
  await expectStatus(
    app,
    {
      method: 'POST',
      path: `/api/v1/admin/service-credentials/${revokedCredential.credential.id}/revoke`,
      headers: bearer(admin.accessToken),
    },
    200,
  );
  watchCredential(credential.secret);
  watchCredential(revokedCredential.secret);

  const streamer = await createStreamer(app, twitch, { login: 'matrixstreamer', displayName: 'MatrixStreamer' });
  // the other user has resources of their own, so an answer mixing users up would show
  const otherResources = new OwnerResources(app, other);
  await otherResources.kit();

  const owner = new OwnerResources(app, ownerPerson);
  return {
    app,
    owner,
    other,
    admin,
    proUser,
    revokedToken: revoked.accessToken,
    deletedAccountToken: deleted.accessToken,
    serviceCredential: { id: credential.credential.id, secret: credential.secret },
    revokedServiceCredential: revokedCredential.secret,
    connectedChannelId: streamer.channelId,
    async fresh() {
      const [freshOwner, freshOther] = await Promise.all([signUp(app), signUp(app)]);
      return { owner: new OwnerResources(app, freshOwner), other: freshOther };
    },
  };
}

export { errorEnvelope };
