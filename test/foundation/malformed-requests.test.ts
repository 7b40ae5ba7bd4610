import { expect } from 'chai';
import { request } from 'node:http';
import { startTestService, type TestService } from '@aurastream/service/testing';

interface RawAnswer {
  status: number;
  requestId: string;
  body: { error: { code: string; message: string; details: unknown } };
}

/**
 * A request exactly as given: fetch would refuse some of these headers and percent-decode nothing,
 * but a client may send anything.
 */
function send(
  app: TestService,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<RawAnswer> {
  const url = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              requestId: String(res.headers['x-request-id']),
              body: JSON.parse(text) as RawAnswer['body'],
            });
          } catch (error) {
            reject(new Error(`not a JSON answer (${res.statusCode}): ${text}`, { cause: error }));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('malformed requests get a 4xx, not a 500', () => {
  let app: TestService;

  before(async () => {
    app = await startTestService({ LOG_LEVEL: 'info' }, { captureLogs: true });
  });
  after(async () => {
    await app.stop();
  });

  /** The log lines of one request (by its X-Request-Id). */
  const linesOf = (requestId: string) =>
    app.logs!.records().filter((record) => {
      const req = record.req as { id?: unknown } | undefined;
      return record.reqId === requestId || req?.id === requestId;
    });

  const cases: Array<{
    name: string;
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string;
    status: number;
    code: string;
  }> = [
    {
      name: 'a JSON body in an unknown charset',
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json; charset=bogus' },
      body: '{"email":"a@example.test","password":"x"}',
      status: 415,
      code: 'unsupported_charset',
    },
    {
      name: 'an unknown content-encoding',
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'content-encoding': 'bogus' },
      body: '{"email":"a@example.test","password":"x"}',
      status: 415,
      code: 'unsupported_content_encoding',
    },
    {
      name: 'a gzip content-encoding over a body that is not gzip',
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: '{"email":"a@example.test","password":"x"}',
      status: 400,
      code: 'malformed_body',
    },
    {
      name: 'a form body with more fields than the parser takes',
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Array.from({ length: 1200 }, (_, index) => `f${index}=1`).join('&'),
      status: 413,
      code: 'payload_too_large',
    },
    {
      name: 'a path parameter that cannot be percent-decoded',
      method: 'GET',
      path: '/api/v1/asset/%ED%A0%80',
      headers: {},
      status: 400,
      code: 'malformed_url',
    },
  ];

  for (const testCase of cases) {
    it(`answers ${testCase.status} for ${testCase.name}, logged as a warning without a stack`, async () => {
      const answer = await send(app, testCase.method, testCase.path, testCase.headers, testCase.body);
      expect(answer.status, JSON.stringify(answer.body)).to.equal(testCase.status);
      expect(answer.body.error.code).to.equal(testCase.code);
      expect(answer.body.error.message).to.be.a('string').and.not.equal('');
      expect(answer.body.error).to.have.property('details');

      const lines = linesOf(answer.requestId);
      expect(
        lines.filter((line) => (line.level as number) >= 50),
        'error-level lines',
      ).to.deep.equal([]);
      const warnings = lines.filter((line) => line.level === 40);
      expect(warnings, 'one warning').to.have.length(1);
      expect(JSON.stringify(warnings[0])).to.not.include('"stack"');
    });
  }
});
