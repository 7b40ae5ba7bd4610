import { expect } from 'chai';
import { cleanDisplayName } from './display-name';

describe('display names from elsewhere', () => {
  it('lose bidirectional override and isolate characters, which reorder what viewers read', () => {
    expect(cleanDisplayName('Mirror\u202EXOF\u2066Fox\u2069')).to.equal('MirrorXOFFox');
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(cleanDisplayName(`a${String.fromCodePoint(code)}b`)).to.equal('ab');
    }
  });

  it('keep right-to-left text, lose control characters, and fit 50 characters', () => {
    expect(cleanDisplayName('  نيون فوكس  ')).to.equal('نيون فوكس');
    expect(cleanDisplayName('Neon\u0007Fox\n')).to.equal('NeonFox');
    expect(cleanDisplayName('x'.repeat(60))).to.have.length(50);
    expect(cleanDisplayName('\u202E\u202C')).to.equal('');
  });
});
