import { expect } from 'chai';
import { deflateSync, crc32 } from 'node:zlib';
import { multipartBody } from '../support/fixtures';
import { errorEnvelope, sendRaw, type RawAnswer, type RawRequest } from '../support/http';
import {
  leaksIn,
  startReliabilityService,
  watchCredentialsIn,
  type ReliabilityService,
} from '../support/reliability-service';

const DASHBOARD_ORIGIN = 'https://studio.aurastream.example';
const PASSWORD = 'violet-Otter-42';

/** One PNG chunk: length, type, data, CRC of type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A decompression bomb: a PNG of a few kilobytes declaring 50,000 × 50,000 RGBA pixels (10 GB
 * decoded), its data the first rows of zeros, which deflate compresses a thousandfold.
 */
function decompressionBombPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(50_000, 0);
  header.writeUInt32BE(50_000, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(4 * 1024 * 1024), { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('security: secrets, headers, cookies, CORS, URLs, hostile images and unicode', function () {
  this.timeout(60_000);
  let app: ReliabilityService;
  const answers: Array<{ request: RawRequest; answer: RawAnswer }> = [];
  let accessToken: string;
  let kitId: string;

  /** A request whose answer is kept, so no answer of the run may hold a configured secret. */
  async function call(request: RawRequest, token: string | null = accessToken): Promise<RawAnswer> {
    const headers = { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const answer = await sendRaw(app.url, { ...request, headers });
    answers.push({ request, answer });
    watchCredentialsIn(answer.json);
    return answer;
  }

  before(async () => {
    // debug: the most the service ever logs is what is searched for secrets
    app = await startReliabilityService(
      { CORS_ORIGINS: DASHBOARD_ORIGIN, COOKIE_SECURE: 'true', BRAND_KIT_LIMITS: 'free:10,pro:10,studio:10' },
      { logLevel: 'debug' },
    );
    const email = `security-${Date.now()}@example.test`;
    const signup = await call(
      {
        method: 'POST',
        path: '/api/v1/auth/signup',
        body: { email, password: PASSWORD, display_name: 'Security' },
      },
      null,
    );
    expect(signup.status, signup.text).to.equal(201);
    const login = await call({ method: 'POST', path: '/api/v1/auth/login', body: { email, password: PASSWORD } }, null);
    expect(login.status, login.text).to.equal(200);
    accessToken = (login.json as { access_token: string }).access_token;
    // studio, so the coach judges the request's content rather than the plan
    const user = await app.service.container.users.findByEmailForAuthentication(email);
    await app.service.container.users.update(user!.id, { subscription_tier: 'studio' });
    const kit = await call({ method: 'POST', path: '/api/v1/brand-kits', body: { name: 'Security kit' } });
    kitId = (kit.json as { id: string }).id;
  });
  after(async () => {
    // fails when a configured secret or a credential the run issued reached the logs
    await app?.stop();
  });

  it('refuses a decompression bomb PNG from its header, before decoding its pixels', async () => {
    const bomb = decompressionBombPng();
    expect(bomb.length).to.be.below(16 * 1024);
    const form = multipartBody([
      { name: 'logo_type', value: 'primary' },
      { name: 'file', filename: 'bomb.png', contentType: 'image/png', data: bomb },
    ]);
    const heapBefore = process.memoryUsage().rss;
    const answer = await call({
      method: 'POST',
      path: `/api/v1/brand-kits/${kitId}/logos`,
      body: form.body,
      headers: { 'content-type': form.contentType },
    });
    expect(answer.status, answer.text).to.equal(422);
    const envelope = errorEnvelope(answer);
    expect(envelope?.details).to.deep.equal([
      {
        field: 'file',
        code: 'image_dimensions_out_of_range',
        message: envelope?.message,
      },
    ]);
    expect(envelope?.message).to.include('50000×50000');
    // the service runs in this process: decoding even a fraction of 10 GB would show here
    expect(process.memoryUsage().rss - heapBefore).to.be.below(256 * 1024 * 1024);
    const logos = await call({ method: 'GET', path: `/api/v1/brand-kits/${kitId}/logos` });
    expect(JSON.stringify(logos.json)).not.to.include('bomb.png');
  });

  it('keeps 4-byte emoji and right-to-left text unchanged through create and read', async () => {
    const name = 'Nova 🦊🔥 نوفا נובה 𝓐𝓾𝓻𝓪';
    const prompt = 'a fox 🦊 holding a lantern 🏮, قمر and ירח, 𝄞 music';
    const kit = await call({ method: 'POST', path: '/api/v1/brand-kits', body: { name } });
    expect(kit.status, kit.text).to.equal(201);
    const read = await call({ method: 'GET', path: `/api/v1/brand-kits/${(kit.json as { id: string }).id}` });
    expect((read.json as { name: string }).name).to.equal(name);

    const profile = await call({ method: 'PUT', path: '/api/v1/auth/me', body: { display_name: 'Nova 🦊 نوفا' } });
    expect(profile.status, profile.text).to.equal(200);
    const me = await call({ method: 'GET', path: '/api/v1/auth/me' });
    expect((me.json as { display_name: string }).display_name).to.equal('Nova 🦊 نوفا');

    const job = await call({
      method: 'POST',
      path: '/api/v1/twitch/generate',
      body: { asset_type: 'emote', custom_prompt: prompt },
    });
    expect(job.status, job.text).to.equal(202);
    const stored = await call({ method: 'GET', path: `/api/v1/jobs/${(job.json as { id: string }).id}` });
    expect((stored.json as { custom_prompt: string }).custom_prompt).to.equal(prompt);
  });

  it('accepts only http(s) URLs where a URL is taken, and never fetches one on a user’s behalf', async () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:image/png;base64,AAAA', 'ftp://10.0.0.1/x']) {
      const refused = await call({ method: 'PUT', path: '/api/v1/auth/me', body: { avatar_url: url } });
      expect(refused.status, `${url}: ${refused.text}`).to.equal(422);
      expect(errorEnvelope(refused)?.code).to.equal('validation_failed');
      const coach = await call({
        method: 'POST',
        path: '/api/v1/coach/start',
        body: { asset_type: 'twitch_emote', description: 'a fox', brand_context: { logo_url: url } },
      });
      expect(coach.status, `coach logo ${url}: ${coach.text}`).to.equal(422);
    }
    // an address on this machine is stored as given and never requested by the service
    const requested: string[] = [];
    const { createServer } = await import('node:http');
    const bait = createServer((req, res) => {
      requested.push(req.url ?? '');
      res.end();
    });
    await new Promise<void>((resolve) => bait.listen(0, '127.0.0.1', resolve));
    try {
      const port = (bait.address() as { port: number }).port;
      const url = `http://127.0.0.1:${port}/avatar.png`;
      const accepted = await call({ method: 'PUT', path: '/api/v1/auth/me', body: { avatar_url: url } });
      expect(accepted.status, accepted.text).to.equal(200);
      await call({ method: 'GET', path: '/api/v1/auth/me' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(requested).to.deep.equal([]);
    } finally {
      bait.close();
    }
  });

  it('sends the security headers on every kind of answer', async () => {
    const probes: RawRequest[] = [
      { method: 'GET', path: '/health' },
      { method: 'GET', path: '/api/v1/brand-kits' },
      { method: 'GET', path: '/api/v1/brand-kits/00000000-0000-4000-8000-000000000000' },
      { method: 'POST', path: '/api/v1/brand-kits', body: { name: 42 } },
      { method: 'GET', path: '/api/v1/no-such-route' },
      { method: 'GET', path: '/api/docs/openapi.json' },
    ];
    for (const probe of probes) {
      const answer = await call(probe);
      const where = `${probe.method} ${probe.path} → ${answer.status}`;
      expect(answer.headers['x-content-type-options'], where).to.equal('nosniff');
      expect(answer.headers['content-security-policy'], where).to.include("default-src 'self'");
      expect(answer.headers['content-security-policy'], where).to.include("object-src 'none'");
      expect(answer.headers['referrer-policy'], where).to.equal('no-referrer');
      expect(answer.headers['strict-transport-security'], where).to.match(/max-age=\d+/);
      expect(answer.headers['x-powered-by'], where).to.equal(undefined);
    }
  });

  it('sets the refresh cookie HttpOnly, Secure and SameSite=Strict, scoped to the auth routes', async () => {
    const email = `cookie-${Date.now()}@example.test`;
    await app.createUser({ email, password: PASSWORD });
    const login = await call({ method: 'POST', path: '/api/v1/auth/login', body: { email, password: PASSWORD } }, null);
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    expect(cookies.length, 'cookies set at sign-in').to.be.above(0);
    for (const cookie of cookies) {
      const attributes = cookie.split(';').map((part) => part.trim().toLowerCase());
      expect(attributes, cookie.split('=')[0]).to.include('secure');
      expect(attributes, cookie.split('=')[0]).to.include('samesite=strict');
    }
    const refresh = cookies.find((cookie) => /refresh/i.test(cookie.split('=')[0] ?? ''));
    expect(refresh, cookies.join(' | ')).to.be.a('string');
    expect(refresh!.toLowerCase()).to.include('httponly');
    expect(refresh!.toLowerCase()).to.match(/path=\/api\/v1\/auth/);
  });

  it('answers CORS only for the configured origins, and never for look-alikes', async () => {
    const preflight = (origin: string) =>
      call(
        {
          method: 'OPTIONS',
          path: '/api/v1/brand-kits',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type',
          },
        },
        null,
      );
    const allowed = await preflight(DASHBOARD_ORIGIN);
    expect(allowed.headers['access-control-allow-origin']).to.equal(DASHBOARD_ORIGIN);
    expect(allowed.headers['access-control-allow-credentials']).to.equal('true');
    for (const origin of [
      'https://evil.example',
      `${DASHBOARD_ORIGIN}.evil.example`,
      DASHBOARD_ORIGIN.replace('https:', 'http:'),
      'https://studio.aurastream.example:8443',
      'null',
    ]) {
      const refused = await preflight(origin);
      expect(refused.headers['access-control-allow-origin'], origin).to.equal(undefined);
      const simple = await call({ method: 'GET', path: '/api/v1/brand-kits', headers: { origin } });
      expect(simple.headers['access-control-allow-origin'], origin).to.equal(undefined);
    }
  });

  it('puts no configured secret in any answer of the run (the logs are searched when the service stops)', () => {
    expect(answers.length).to.be.above(20);
    const everything = answers.map(({ answer }) => `${JSON.stringify(answer.headers)}\n${answer.text}`).join('\n');
    // credentials the run was issued legitimately travel in answers: only configured secrets are searched here
    const configured = Object.fromEntries(Object.entries(app.env).filter(([name]) => /SECRET|KEY/.test(name)));
    const found = leaksIn(everything, configured).filter((leak) => !leak.startsWith('a credential'));
    expect(found).to.deep.equal([]);
  });
});
