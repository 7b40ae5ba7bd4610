import { expect } from 'chai';
import { z } from 'zod';
import { camelizeKeys, snakifyKeys } from './case';
import { ApiError, buildEndpointUrl, createApiClient } from './client';
import { defineEndpoint } from './endpoint';

const endpoints = {
  kits: {
    get: defineEndpoint({
      method: 'GET',
      path: '/api/v1/brand-kits/{id}',
      tag: 'Test',
      summary: 'get',
      auth: 'user',
      params: z.object({ id: z.string() }),
      query: z.object({ include_logos: z.boolean().optional() }),
      response: z.object({ id: z.string(), primary_colors: z.array(z.string()) }),
    }),
    create: defineEndpoint({
      method: 'POST',
      path: '/api/v1/brand-kits',
      tag: 'Test',
      summary: 'create',
      auth: 'user',
      body: z.object({ display_name: z.string() }),
      response: z.object({ id: z.string() }),
      status: 201,
    }),
  },
};

describe('the typed API client', () => {
  it('converts keys between snake_case and camelCase, deeply, without touching values', () => {
    const wire = { brand_kit_id: 'x', nested_list: [{ asset_type: 'twitch_emote' }] };
    const camel = camelizeKeys(wire);
    expect(camel).to.deep.equal({ brandKitId: 'x', nestedList: [{ assetType: 'twitch_emote' }] });
    expect(snakifyKeys(camel)).to.deep.equal(wire);
  });

  it('fills path parameters and snake-cases the query string', () => {
    expect(buildEndpointUrl(endpoints.kits.get, { id: 'a b' }, { includeLogos: true })).to.equal(
      '/api/v1/brand-kits/a%20b?include_logos=true',
    );
    expect(() => buildEndpointUrl(endpoints.kits.get, {}, {})).to.throw(/missing path parameter "id"/);
  });

  it('sends snake_case bodies with the bearer token and answers camelCase', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const api = createApiClient(endpoints, {
      baseUrl: 'http://service.test',
      getAccessToken: () => 'token-1',
      fetch: async (url, init) => {
        seen.push({ url: url instanceof Request ? url.url : url.toString(), init: init ?? {} });
        return new Response(JSON.stringify({ id: 'k1' }), {
          status: 201,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const created = await api.kits.create({ body: { displayName: 'Neon' } });
    expect(created).to.deep.equal({ id: 'k1' });
    expect(seen[0]?.url).to.equal('http://service.test/api/v1/brand-kits');
    expect(seen[0]?.init.body).to.equal('{"display_name":"Neon"}');
    expect((seen[0]?.init.headers as Record<string, string>).authorization).to.equal('Bearer token-1');
  });

  it('turns error bodies into ApiError with code, details and Retry-After', async () => {
    const api = createApiClient(endpoints, {
      baseUrl: '',
      fetch: async () =>
        new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down', details: null } }), {
          status: 429,
          headers: { 'retry-after': '7' },
        }),
    });
    try {
      await api.kits.get({ params: { id: 'k1' }, query: {} });
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(ApiError);
      expect(error).to.include({ status: 429, code: 'rate_limited', retryAfterSeconds: 7 });
    }
  });

  it('retries once after onUnauthorized obtained a fresh token', async () => {
    let token = 'expired';
    let calls = 0;
    const api = createApiClient(endpoints, {
      baseUrl: '',
      getAccessToken: () => token,
      onUnauthorized: async () => {
        token = 'fresh';
        return true;
      },
      fetch: async (_url, init) => {
        calls += 1;
        const auth = (init?.headers as Record<string, string>).authorization;
        return auth === 'Bearer fresh'
          ? new Response(JSON.stringify({ id: 'k1', primary_colors: ['#FF0000'] }), { status: 200 })
          : new Response(JSON.stringify({ error: { code: 'token_expired', message: 'expired' } }), { status: 401 });
      },
    });
    const kit = await api.kits.get({ params: { id: 'k1' }, query: {} });
    expect(kit.primaryColors).to.deep.equal(['#FF0000']);
    expect(calls).to.equal(2);
  });
});
