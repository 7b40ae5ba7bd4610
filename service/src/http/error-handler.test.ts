import { expect } from 'chai';
import { z } from 'zod';
import { toAppError } from './error-handler';
import { NotFoundError } from '../shared/errors';

describe('error mapping', () => {
  it('keeps typed application errors as they are', () => {
    const error = new NotFoundError('Brand kit', 'brand_kit_not_found');
    expect(toAppError(error)).to.equal(error);
  });

  it('maps zod errors to 422 with per-field details', () => {
    const result = z.object({ email: z.email() }).safeParse({ email: 'nope' });
    const mapped = toAppError(result.error);
    expect(mapped?.status).to.equal(422);
    expect(mapped?.details).to.deep.equal([
      { field: 'email', message: 'Invalid email address', code: 'invalid_format' },
    ]);
  });

  it('maps duplicate-key errors to 409 naming the fields', () => {
    const mapped = toAppError({ code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@b.c' } });
    expect(mapped?.status).to.equal(409);
    expect(mapped?.details).to.deep.equal({ fields: ['email'] });
  });

  it("passes on the 4xx status body-parser and the router attach, with the error envelope's code", () => {
    const framework = (status: number, type: string | undefined, message = 'framework message') =>
      Object.assign(new Error(message), { status, statusCode: status, expose: true, type });
    const cases: Array<[Error, number, string]> = [
      [framework(415, 'charset.unsupported', 'unsupported charset "BOGUS"'), 415, 'unsupported_charset'],
      [
        framework(415, 'encoding.unsupported', 'unsupported content encoding "bogus"'),
        415,
        'unsupported_content_encoding',
      ],
      [framework(413, 'parameters.too.many'), 413, 'payload_too_large'],
      [framework(400, undefined, 'incorrect header check'), 400, 'malformed_body'],
      [
        Object.assign(new URIError("Failed to decode param '%ED%A0%80'"), { status: 400, statusCode: 400 }),
        400,
        'malformed_url',
      ],
      [framework(400, 'request.aborted', 'request aborted'), 400, 'malformed_body'],
    ];
    for (const [error, status, code] of cases) {
      const mapped = toAppError(error);
      expect(mapped?.status, code).to.equal(status);
      expect(mapped?.code).to.equal(code);
      expect(mapped?.reportable).to.equal(false);
    }
  });

  it('leaves 5xx errors of the framework for the generic 500', () => {
    const error = Object.assign(new Error('stream is not readable'), { status: 500, type: 'stream.not.readable' });
    expect(toAppError(error)).to.equal(null);
  });

  it('answers 503 for MongoDB out of reach, mongoose giving up on a held operation included', () => {
    const selection = Object.assign(new Error('Server selection timed out after 10000 ms'), {
      name: 'MongooseServerSelectionError',
    });
    const held = Object.assign(new Error('Operation `brand_kits.insertOne()` buffering timed out after 10000ms'), {
      name: 'MongooseError',
    });
    for (const error of [selection, held]) {
      expect(toAppError(error)?.status, error.name).to.equal(503);
      expect(toAppError(error)?.code).to.equal('dependency_unavailable');
    }
    // another mongoose error is a bug of ours, not an outage
    expect(toAppError(Object.assign(new Error('Cast to ObjectId failed'), { name: 'MongooseError' }))).to.equal(null);
  });

  it('leaves unknown errors for the generic 500', () => {
    expect(toAppError(new Error('boom'))).to.equal(null);
  });
});
