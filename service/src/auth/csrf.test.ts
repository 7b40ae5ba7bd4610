import { expect } from 'chai';
import { CsrfTokens } from './csrf';

describe('CSRF tokens', () => {
  const tokens = new CsrfTokens('a-signing-secret-of-at-least-32-characters');

  it('are bound to one session', () => {
    const token = tokens.issue('session-a');
    expect(tokens.verify('session-a', token)).to.equal(true);
    expect(tokens.verify('session-b', token)).to.equal(false);
  });

  it('are refused when missing or altered', () => {
    const token = tokens.issue('session-a');
    expect(tokens.verify('session-a', undefined)).to.equal(false);
    expect(tokens.verify('session-a', `${token}x`)).to.equal(false);
    expect(
      tokens.verify(
        'session-a',
        token.replace(/^./, (char) => (char === 'A' ? 'B' : 'A')),
      ),
    ).to.equal(false);
  });

  it('cannot be made without the secret', () => {
    const other = new CsrfTokens('another-signing-secret-of-32-characters!');
    expect(tokens.verify('session-a', other.issue('session-a'))).to.equal(false);
  });
});
