import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { createAuraStreamClient } from '@aurastream/contract';
import { childNodeProcesses, keepChildLogs, recordConfigSecrets, testLogLevel } from '@aurastream/service/testing';
import { findFreePort } from '../../service/src/db/free-port';
import { pollUntil } from '../generation/support';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('SERVICE_PROCESSES: several service processes sharing one port', function () {
  this.timeout(120_000);
  let dataDir: string;
  let url: string;
  let primary: ChildProcess;
  const account = { email: 'cluster@example.test', password: 'purple-rain-2024!' };

  /** `npm start`'s command, with settings; resolves once the banner says it is running. */
  async function startService(settings: Record<string, string>): Promise<ChildProcess> {
    const port = await findFreePort();
    url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'service/src/main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: testLogLevel(),
        DATA_DIR: dataDir,
        PORT: String(port),
        BCRYPT_COST: '4',
        MONGODB_URI: '',
        REDIS_URL: '',
        ...settings,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    keepChildLogs(child, 'service-cluster');
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await pollUntil(
      async () => output,
      (text) => text.includes('AuraStream is running') || child.exitCode !== null,
      // three processes compile the service through tsx at once: slow on a busy machine
      { what: 'the service to start', timeoutMs: 80_000 },
    );
    if (child.exitCode !== null) {
      throw new Error(`the service exited while starting:\n${output}`);
    }
    recordConfigSecrets(settings, dataDir);
    return child;
  }

  function stopped(child: ChildProcess): Promise<number | null> {
    return child.exitCode !== null
      ? Promise.resolve(child.exitCode)
      : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-processes-'));
    primary = await startService({ SERVICE_PROCESSES: '2' });
  });

  after(async () => {
    if (primary?.exitCode === null) {
      primary.kill('SIGKILL');
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs two service processes under a primary that keeps the embedded databases', async () => {
    expect(childNodeProcesses(primary.pid as number)).to.have.length(2);
    expect(existsSync(path.join(dataDir, 'runtime.json')), 'runtime file for npm run worker / admin').to.equal(true);

    // many connections, so both processes answer some; every one sees the same account
    const api = createAuraStreamClient({ baseUrl: url });
    await api.auth.signup({ body: { email: account.email, password: account.password, displayName: 'Cluster' } });
    const logins = await Promise.all(Array.from({ length: 8 }, () => api.auth.login({ body: account })));
    for (const login of logins) {
      const signedIn = createAuraStreamClient({ baseUrl: url, getAccessToken: () => login.accessToken });
      expect((await signedIn.auth.me()).email).to.equal(account.email);
    }
  });

  it('accepts websockets and refuses long-polling, which would need sticky sessions', async () => {
    const api = createAuraStreamClient({ baseUrl: url });
    const { accessToken } = await api.auth.login({ body: account });
    const connect = (transport: 'websocket' | 'polling') =>
      new Promise<string>((resolve) => {
        const socket = io(url, { transports: [transport], auth: { token: accessToken }, reconnection: false });
        socket.on('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.on('connect_error', () => {
          socket.close();
          resolve('refused');
        });
      });
    expect(await connect('websocket')).to.equal('connected');
    expect(await connect('polling')).to.equal('refused');
  });

  it('replaces a service process that dies, and keeps answering', async () => {
    const [victim] = childNodeProcesses(primary.pid as number);
    process.kill(victim as number, 'SIGKILL');
    const replaced = await pollUntil(
      async () => childNodeProcesses(primary.pid as number),
      (pids) => pids.length === 2 && !pids.includes(victim as number),
      { what: 'a new service process' },
    );
    expect(replaced).to.have.length(2);
    const response = await fetch(`${url}/health`);
    expect(response.status).to.equal(200);
  });

  it('stops every process and its databases on SIGTERM, and the data survives into the next start', async () => {
    const children = childNodeProcesses(primary.pid as number);
    primary.kill('SIGTERM');
    expect(await stopped(primary)).to.equal(0);
    expect(children.filter(alive)).to.deep.equal([]);
    expect(existsSync(path.join(dataDir, 'runtime.json'))).to.equal(false);

    // the lock on the data folder is free and the account is still there
    primary = await startService({ SERVICE_PROCESSES: '1' });
    const login = await createAuraStreamClient({ baseUrl: url }).auth.login({ body: account });
    expect(login.user.email).to.equal(account.email);

    // Ctrl+C in a terminal under npm: the same SIGINT arrives from the terminal and from npm
    primary.kill('SIGINT');
    // apart, or the kernel merges the two pending signals into one
    await new Promise((resolve) => setTimeout(resolve, 10));
    primary.kill('SIGINT');
    expect(await stopped(primary), 'a graceful stop, not the forced exit of a second Ctrl+C').to.equal(0);
    expect(existsSync(path.join(dataDir, 'runtime.json'))).to.equal(false);
  });
});
