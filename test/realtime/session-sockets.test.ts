import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { LoginResponse } from '@aurastream/contract';
import { io, type Socket } from 'socket.io-client';
import { call } from '../auth/support/http';
import { logIn, signUpAndLogIn, testPassword } from '../auth/support/accounts';
import { tokenOf, waitForEmail } from '../auth/support/outbox';
import { eventually } from '../support/eventually';

/** What a socket saw: the events pushed to it and why it was disconnected. */
interface WatchedSocket {
  socket: Socket;
  ended: Array<{ code: string; message: string; reconnect: boolean }>;
  disconnectReason: string | null;
}

async function connect(app: TestService, accessToken: string): Promise<WatchedSocket> {
  const socket = io(app.url, {
    auth: { token: accessToken },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const watched: WatchedSocket = { socket, ended: [], disconnectReason: null };
  socket.on('connection.ended', (payload: WatchedSocket['ended'][number]) => watched.ended.push(payload));
  socket.on('disconnect', (reason) => {
    watched.disconnectReason = reason;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return watched;
}

/** Waits until the service disconnects the socket, saying why. */
async function expectEnded(watched: WatchedSocket, code: string, reconnect = false): Promise<void> {
  const disconnected = await eventually(() => watched.disconnectReason !== null);
  expect(disconnected, 'the service disconnected the socket').to.equal(true);
  expect(watched.disconnectReason).to.equal('io server disconnect');
  expect(watched.ended).to.have.length(1);
  expect(watched.ended[0]).to.include({ code, reconnect });
  expect(watched.ended[0]?.message).to.be.a('string').and.not.equal('');
}

/** A moment for anything in flight (a disconnect that should not come) to arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('realtime connections end with their session', () => {
  let app: TestService;
  const sockets: WatchedSocket[] = [];
  const watch = async (target: TestService, accessToken: string) => {
    const watched = await connect(target, accessToken);
    sockets.push(watched);
    return watched;
  };

  before(async () => {
    app = await startTestService();
  });
  afterEach(() => {
    for (const watched of sockets.splice(0)) {
      watched.socket.disconnect();
    }
  });
  after(async () => {
    await app.stop();
  });

  it('at logout, and only that session’s connections', async () => {
    const laptop = await signUpAndLogIn(app);
    const phone = await logIn(app, laptop.email);
    const laptopSocket = await watch(app, laptop.login.access_token);
    const phoneSocket = await watch(app, phone.login.access_token);

    const logout = await call(app, 'POST', '/api/v1/auth/logout', { accessToken: laptop.login.access_token });
    expect(logout.status).to.equal(204);

    await expectEnded(laptopSocket, 'session_revoked');
    await settle();
    expect(phoneSocket.socket.connected).to.equal(true);
    expect(phoneSocket.ended).to.deep.equal([]);
  });

  it('when a reused refresh token ends the session', async () => {
    const { login } = await signUpAndLogIn(app);
    const socket = await watch(app, login.access_token);
    await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: login.refresh_token } });
    const replay = await call(app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: login.refresh_token } });
    expect(replay.status).to.equal(401);
    await expectEnded(socket, 'session_revoked');
  });

  it('when the password changes: every session’s connections, this device’s old one included', async () => {
    const laptop = await signUpAndLogIn(app);
    const phone = await logIn(app, laptop.email);
    const laptopSocket = await watch(app, laptop.login.access_token);
    const phoneSocket = await watch(app, phone.login.access_token);

    const changed = await call(app, 'POST', '/api/v1/auth/me/password', {
      accessToken: laptop.login.access_token,
      body: { current_password: testPassword, new_password: 'amber-Walrus-77' },
    });
    expect(changed.status).to.equal(200);
    const fresh = (await changed.json()) as LoginResponse;

    await expectEnded(laptopSocket, 'session_revoked');
    await expectEnded(phoneSocket, 'session_revoked');
    // the device's new session connects again
    const again = await watch(app, fresh.access_token);
    await settle();
    expect(again.socket.connected).to.equal(true);
  });

  it('when the password is reset by e-mail', async () => {
    const { email, login } = await signUpAndLogIn(app);
    const socket = await watch(app, login.access_token);
    await call(app, 'POST', '/api/v1/auth/password-reset/request', { body: { email } });
    const mail = await waitForEmail(app, email, /reset/i);
    const confirm = await call(app, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { token: tokenOf(mail.links[0] as string), new_password: 'amber-Walrus-77' },
    });
    expect(confirm.status).to.equal(200);
    await expectEnded(socket, 'session_revoked');
  });

  it('when the account is deleted', async () => {
    const { login } = await signUpAndLogIn(app);
    const socket = await watch(app, login.access_token);
    const deleted = await call(app, 'DELETE', '/api/v1/auth/me', {
      accessToken: login.access_token,
      body: { password: testPassword },
    });
    expect(deleted.status).to.equal(204);
    await expectEnded(socket, 'session_revoked');
  });

  it('when the access token expires, telling the client to reconnect with a fresh one', async () => {
    const { user } = await app.createUser();
    const { accessTokenTtlSeconds } = app.service.config.auth;
    const sessionId = randomUUID();
    const { accessTokens } = app.service.container;
    // issued long enough ago to expire two seconds from now
    const { token } = await accessTokens.issue(
      user.id,
      sessionId,
      new Date(Date.now() - (accessTokenTtlSeconds - 2) * 1000),
    );
    const socket = await watch(app, token);

    await expectEnded(socket, 'token_expired', true);
    const fresh = await accessTokens.issue(user.id, sessionId);
    const again = await watch(app, fresh.token);
    expect(again.socket.connected).to.equal(true);
  });
});

describe('realtime connections on another service instance', () => {
  let first: TestService;
  let second: TestService;

  before(async () => {
    const unique = randomBytes(6).toString('hex');
    // two instances of one deployment: same database, Redis and signing key
    const deployment = {
      MONGODB_DB_NAME: `test_realtime_${unique}`,
      REDIS_KEY_PREFIX: `test:realtime-${unique}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
    };
    first = await startTestService(deployment);
    second = await startTestService(deployment);
  });
  after(async () => {
    await second.stop();
    await first.stop();
  });

  it('end when the session ends through the other instance', async () => {
    const { login } = await signUpAndLogIn(first);
    const socket = await connect(second, login.access_token);
    try {
      const logout = await call(first, 'POST', '/api/v1/auth/logout', { accessToken: login.access_token });
      expect(logout.status).to.equal(204);
      await expectEnded(socket, 'session_revoked');
    } finally {
      socket.socket.disconnect();
    }
  });

  it('end when the password changes through the other instance', async () => {
    const { login } = await signUpAndLogIn(first);
    const socket = await connect(second, login.access_token);
    try {
      await call(first, 'POST', '/api/v1/auth/me/password', {
        accessToken: login.access_token,
        body: { current_password: testPassword, new_password: 'amber-Walrus-77' },
      });
      await expectEnded(socket, 'session_revoked');
    } finally {
      socket.socket.disconnect();
    }
  });
});
