import { expect } from 'chai';
import { clientOf } from './client-address';

describe('the client of a sign-in attempt', () => {
  it('is the IPv4 address, also when mapped into IPv6', () => {
    expect(clientOf('203.0.113.9')).to.equal('203.0.113.9');
    expect(clientOf('::ffff:203.0.113.9')).to.equal('203.0.113.9');
  });

  it('is the /64 network of an IPv6 address, however it is written', () => {
    expect(clientOf('2001:db8:85a3:12:8a2e:370:7334:1')).to.equal('2001:db8:85a3:12::/64');
    expect(clientOf('2001:DB8:85a3:0012::abcd')).to.equal('2001:db8:85a3:12::/64');
    expect(clientOf('2001:db8::1')).to.equal('2001:db8:0:0::/64');
    expect(clientOf('::1')).to.equal('0:0:0:0::/64');
    expect(clientOf('fe80::1%eth0')).to.equal('fe80:0:0:0::/64');
  });

  it('is "unknown" without an address', () => {
    expect(clientOf(undefined)).to.equal('unknown');
  });
});
