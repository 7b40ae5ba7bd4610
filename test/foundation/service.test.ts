import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';

describe('the service skeleton', () => {
  let app: TestService;
  before(async () => {
    app = await startTestService();
  });
  after(async () => {
    await app.stop();
  });

  it('answers liveness on /health', async () => {
    const health = await app.api.system.health();
    expect(health.status).to.equal('ok');
    expect(health.uptimeSeconds).to.be.a('number');
  });

  it('keeps an idle connection open longer than clients and proxies do, so they close it first', async () => {
    // a server closing an idle connection just as a client reuses it fails that request (ECONNRESET)
    const response = await fetch(`${app.url}/health`);
    const timeout = Number(/timeout=(\d+)/.exec(response.headers.get('keep-alive') ?? '')?.[1]);
    expect(timeout, 'seconds in the Keep-Alive header').to.be.at.least(61);
  });

  it('reports MongoDB and Redis up on /ready', async () => {
    const ready = await app.api.system.ready();
    expect(ready.status).to.equal('ready');
    expect(ready.checks.mongodb.status).to.equal('up');
    expect(ready.checks.redis.status).to.equal('up');
  });

  it('serves the OpenAPI document generated from the contract, and the docs page', async () => {
    const document = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(document.openapi).to.equal('3.1.0');
    expect(document.paths['/ready']?.get?.operationId).to.equal('system.ready');
    const docs = await fetch(`${app.url}/api/docs/`);
    expect(docs.status).to.equal(200);
    expect(await docs.text()).to.include('swagger-ui');
  });

  it('documents each kind of caller as a security scheme, on the endpoints that declare it', async () => {
    const document = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as {
      components: { securitySchemes: Record<string, { type: string; name?: string; scheme?: string }> };
      paths: Record<string, Record<string, { security: Record<string, string[]>[] }>>;
    };
    const schemes = document.components.securitySchemes;
    expect(Object.keys(schemes).sort()).to.deep.equal([
      'bearerAuth',
      'serviceCredential',
      'twitchEventSubSignature',
      'twitchExtensionJwt',
    ]);
    expect(schemes.twitchExtensionJwt).to.include({ type: 'apiKey', name: 'x-extension-jwt' });
    expect(schemes.twitchEventSubSignature).to.include({ type: 'apiKey', name: 'Twitch-Eventsub-Message-Signature' });
    expect(schemes.serviceCredential).to.include({ type: 'http', scheme: 'bearer' });
    const security = (path: string, method = 'get') => document.paths[path]?.[method]?.security;
    expect(security('/api/v1/extension/panel')).to.deep.equal([{ twitchExtensionJwt: [] }]);
    expect(security('/api/v1/service-credentials/self')).to.deep.equal([{ serviceCredential: [] }]);
    expect(security('/api/v1/brand-kits')).to.deep.equal([{ bearerAuth: [] }]);
    expect(security('/health')).to.deep.equal([]);
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const response = await fetch(`${app.url}/api/v1/nothing-here`);
    expect(response.status).to.equal(404);
    expect(await response.json()).to.deep.equal({
      error: { code: 'route_not_found', message: 'GET /api/v1/nothing-here was not found', details: null },
    });
  });

  it('answers malformed JSON with a 422 naming the body', async () => {
    const response = await fetch(`${app.url}/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken": ',
    });
    expect(response.status).to.equal(422);
    const body = (await response.json()) as { error: { code: string; details: { field: string }[] } };
    expect(body.error.code).to.equal('validation_failed');
    expect(body.error.details[0]?.field).to.equal('body');
  });

  it('refuses JSON bodies over the limit with 413', async () => {
    const response = await fetch(`${app.url}/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(1_100_000) }),
    });
    expect(response.status).to.equal(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).to.equal('payload_too_large');
  });

  it('tags every response with a request id and security headers', async () => {
    const response = await fetch(`${app.url}/health`, { headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers.get('x-request-id')).to.equal('trace-123');
    expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(response.headers.get('content-security-policy')).to.include("default-src 'self'");
    expect(response.headers.get('x-powered-by')).to.equal(null);
  });

  it('lets Twitch frame the extension pages only, never the dashboard or the API', async () => {
    const frameAncestors = async (path: string) => {
      const policy = (await fetch(`${app.url}${path}`, { headers: { accept: 'text/html' } })).headers.get(
        'content-security-policy',
      );
      return /frame-ancestors ([^;]*)/.exec(policy ?? '')?.[1]?.split(' ') ?? [];
    };
    for (const path of ['/', '/login', '/settings', '/api/v1/auth/me', '/api/docs/', '/extension-not-really']) {
      expect(await frameAncestors(path), path).to.deep.equal(["'self'"]);
    }
    for (const path of ['/extension', '/extension/', '/extension/panel.html']) {
      expect(await frameAncestors(path), path).to.have.members([
        "'self'",
        'https://*.twitch.tv',
        'https://*.ext-twitch.tv',
      ]);
    }
  });

  it('allows CORS only from configured origins', async () => {
    const allowed = await fetch(`${app.url}/health`, { headers: { origin: app.url } });
    expect(allowed.headers.get('access-control-allow-origin')).to.equal(app.url);
    const other = await fetch(`${app.url}/health`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).to.equal(null);
  });
});
