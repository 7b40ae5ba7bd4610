import { expect } from 'chai';
import { ValidationError } from '../shared/errors';
import { assertPasswordAcceptable, passwordPolicyIssues } from './password-policy';

describe('the password policy', () => {
  const context = { email: 'neon.fox@example.test', field: 'password' };
  const codes = (password: string) => passwordPolicyIssues(password, context).map((issue) => issue.code);

  it('accepts a long, uncommon password', () => {
    expect(codes('violet-Otter-42')).to.deep.equal([]);
  });

  it('needs at least 8 characters, counting characters rather than bytes', () => {
    expect(codes('abc123!')).to.deep.equal(['password_too_short']);
    expect(codes('ééééééé')).to.deep.equal(['password_too_short']);
    expect(codes('😀😀😀😀😀😀😀😀')).to.deep.equal([]);
  });

  it('refuses more than 72 bytes, which bcrypt would silently cut', () => {
    expect(codes('a'.repeat(72))).to.deep.equal([]);
    expect(codes('a'.repeat(73))).to.deep.equal(['password_too_long']);
    expect(codes('é'.repeat(37))).to.deep.equal(['password_too_long']);
  });

  it('refuses the e-mail address and its name part, whatever the case', () => {
    expect(codes('Neon.Fox@Example.test')).to.deep.equal(['password_is_email']);
    expect(codes('NEON.FOX')).to.deep.equal(['password_is_email']);
  });

  it('refuses common passwords, whatever the case', () => {
    expect(codes('Password123')).to.deep.equal(['password_too_common']);
    expect(codes('QWERTYUIOP')).to.deep.equal(['password_too_common']);
  });

  it('names the request field and every problem in the 422', () => {
    try {
      assertPasswordAcceptable('a'.repeat(80), { email: 'x@example.test', field: 'new_password' });
      expect.fail('expected a ValidationError');
    } catch (error) {
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).details).to.deep.equal([
        { field: 'new_password', message: 'must be at most 72 bytes', code: 'password_too_long' },
      ]);
    }
  });
});
