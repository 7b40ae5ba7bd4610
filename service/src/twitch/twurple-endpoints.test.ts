import { createServer, type AddressInfo } from 'node:net';
import { expect } from 'chai';
import {
  aimTwurple,
  TWITCH_AUTH_URL,
  TWITCH_CHAT_URL,
  TWITCH_HELIX_URL,
  twurpleChatTarget,
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

describe("aiming twurple's ChatClient at TWITCH_CHAT_URL", () => {
  it("leaves Twitch's own chat to ChatClient's defaults", () => {
    expect(twurpleChatTarget(TWITCH_CHAT_URL)).to.deep.equal({ webSocket: true });
  });

  it('takes a host on the default port as host name and ssl', () => {
    expect(twurpleChatTarget('wss://chat.example.test')).to.deep.equal({
      webSocket: true,
      hostName: 'chat.example.test',
      ssl: true,
    });
    expect(twurpleChatTarget('ws://chat.example.test:80')).to.deep.equal({
      webSocket: true,
      hostName: 'chat.example.test',
      ssl: false,
    });
  });

  it('dials another port itself, since ChatClient only knows 80 and 443', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const accepted = new Promise<boolean>((resolve) =>
      server.once('connection', (socket) => {
        socket.destroy();
        resolve(true);
      }),
    );
    const target = twurpleChatTarget(`ws://127.0.0.1:${port}`);
    expect(target).to.include({ webSocket: true, hostName: '127.0.0.1', ssl: false });
    const socket = target.connectionOptions!.wsOptions.createConnection();
    socket.on('error', () => undefined);
    expect(await accepted).to.equal(true);
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a URL that is not a WebSocket', () => {
    expect(() => twurpleChatTarget('https://irc-ws.chat.twitch.tv')).to.throw(
      TwurpleEndpointError,
      /ws:\/\/ or wss:\/\//,
    );
  });
});
