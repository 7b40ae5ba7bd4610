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

  it('leaves unknown errors for the generic 500', () => {
    expect(toAppError(new Error('boom'))).to.equal(null);
  });
});
