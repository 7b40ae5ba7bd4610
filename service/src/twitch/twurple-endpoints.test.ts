import { expect } from 'chai';
import {
  aimTwurple,
  TWITCH_AUTH_URL,
  TWITCH_HELIX_URL,
  TwurpleEndpointError,
  twurpleTargetOf,
} from './twurple-endpoints';

describe('aiming twurple at the configured Twitch', () => {
  it("uses Twitch itself for Twitch's URLs", () => {
    expect(twurpleTargetOf({ authBaseUrl: TWITCH_AUTH_URL, helixBaseUrl: TWITCH_HELIX_URL })).to.deep.equal({
      kind: 'twitch',
    });
  });

  it('uses the mock port for the Twitch CLI mock layout on one local port', () => {
    expect(
      twurpleTargetOf({ authBaseUrl: 'http://localhost:8123/auth', helixBaseUrl: 'http://127.0.0.1:8123/mock' }),
    ).to.deep.equal({ kind: 'mock', port: '8123' });
  });

  it('refuses base URLs twurple cannot reach, saying what would work', () => {
    for (const urls of [
      { authBaseUrl: 'https://auth.example.test/oauth2', helixBaseUrl: 'https://api.example.test/helix' },
      { authBaseUrl: 'http://localhost:8123/auth', helixBaseUrl: 'http://localhost:9000/mock' },
      { authBaseUrl: TWITCH_AUTH_URL, helixBaseUrl: 'http://localhost:8123/mock' },
    ]) {
      expect(() => twurpleTargetOf(urls)).to.throw(TwurpleEndpointError, /Twitch CLI mock/);
    }
  });

  it('sets TWURPLE_MOCK_API_PORT, and clears it when a configured app uses Twitch itself', () => {
    const env: NodeJS.ProcessEnv = {};
    const mock = { authBaseUrl: 'http://localhost:8123/auth', helixBaseUrl: 'http://localhost:8123/mock' };
    expect(aimTwurple({ ...mock, clientId: 'c' }, env)).to.deep.equal({ kind: 'mock', port: '8123' });
    expect(env.TWURPLE_MOCK_API_PORT).to.equal('8123');
    aimTwurple({ authBaseUrl: TWITCH_AUTH_URL, helixBaseUrl: TWITCH_HELIX_URL, clientId: 'c' }, env);
    expect(env.TWURPLE_MOCK_API_PORT).to.equal(undefined);
  });

  it('leaves everything alone while Twitch is not configured', () => {
    const env: NodeJS.ProcessEnv = { TWURPLE_MOCK_API_PORT: '9999' };
    const unreachable = { authBaseUrl: 'https://auth.example.test', helixBaseUrl: 'https://api.example.test' };
    expect(aimTwurple({ ...unreachable, clientId: '' }, env)).to.equal(null);
    expect(env.TWURPLE_MOCK_API_PORT).to.equal('9999');
  });
});
