import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { keepChildLogs } from '@aurastream/service/testing';
import { pollUntil } from './support';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = ['--import', 'tsx', path.join(root, 'fake-twitch/src/cli/cli.ts')];
const run = promisify(execFile);

interface Served {
  child: ChildProcess;
  output: () => string;
  url: string;
}

/** `npm run twitch:fake -- --port 0` on a data folder, until it prints where it runs. */
async function serve(dataDir: string): Promise<Served> {
  const child = spawn(process.execPath, [...cli, '--port', '0'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir },
  });
  // its standard output is what it tells a person (the settings, its secret included); its errors are the log
  keepChildLogs(child, 'fake-twitch-cli', ['stderr']);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await pollUntil(async () => /Fake Twitch is running at (\S+)/.exec(output)?.[1], Boolean, {
    timeoutMs: 20_000,
    what: `the fake to start; output: ${output}`,
  });
  return { child, output: () => output, url: url! };
}

async function stop(served: Served): Promise<void> {
  const exited = new Promise((resolve) => served.child.once('exit', resolve));
  served.child.kill('SIGTERM');
  await exited;
}

/** `npm run twitch:fake -- <command>` against the fake of the data folder; its JSON output. */
async function command(dataDir: string, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [...cli, ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir },
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('npm run twitch:fake', function () {
  this.timeout(60_000);
  let dataDir: string;
  let served: Served;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fake-twitch-cli-'));
    served = await serve(dataDir);
  });
  after(async () => {
    if (served.child.exitCode === null) {
      await stop(served);
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the settings that point a service at it and the sample accounts', async () => {
    // the banner may reach the pipe in several chunks: wait for its last line
    const output = await pollUntil(
      async () => served.output(),
      (text) => text.includes('subsonic (subscriber)'),
      {
        what: 'the whole banner',
      },
    );
    for (const setting of ['TWITCH_CLIENT_ID=', 'TWITCH_CLIENT_SECRET=', 'TWITCH_CHAT_URL=ws://127.0.0.1:']) {
      expect(output).to.include(setting);
    }
    expect(output)
      .to.include(`TWITCH_AUTH_BASE_URL=${served.url}/auth`)
      .and.include(`TWITCH_HELIX_BASE_URL=${served.url}/mock`);
    expect(output).to.include('neonfox (affiliate), pebblecast (no channel points)');
    expect(output).to.include('pixelpal (moderator), starling (VIP), subsonic (subscriber)');
  });

  it('finds the running fake through the data folder and triggers a chat message and a redemption', async () => {
    const said = await command(
      dataDir,
      'chat',
      '--channel',
      'neonfox',
      '--viewer',
      'pixelpal',
      '--text',
      '!aura idea a cat',
    );
    expect(said.badges).to.deep.equal([{ set_id: 'moderator', id: '1', info: '' }]);
    await command(dataDir, 'add-reward', '--channel', 'neonfox', '--title', 'Suggest an emote', '--input');
    const redeemed = await command(
      dataDir,
      'redeem',
      '--channel',
      'neonfox',
      '--viewer',
      'subsonic',
      '--text',
      'a cat',
    );
    expect(redeemed.redemption).to.include({ user_login: 'subsonic', user_input: 'a cat', status: 'UNFULFILLED' });
    const messages = (await command(dataDir, 'messages', '--channel', 'neonfox')).data as { text: string }[];
    expect(messages.map((message) => message.text)).to.deep.equal(['!aura idea a cat']);
  });

  it('says what went wrong when a trigger cannot happen', async () => {
    const failed = await run(process.execPath, [...cli, 'redeem', '--channel', 'pebblecast', '--viewer', 'pixelpal'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).to.include({ code: 1 });
    expect((failed as { stderr: string }).stderr).to.include('pebblecast has no enabled custom reward');
  });

  it('keeps its accounts, their ids and the rewards in $DATA_DIR/fake-twitch.json across a restart', async () => {
    type State = { users: { login: string; id: string; rewards: { title: string }[] }[]; app: unknown };
    const before = (await command(dataDir, 'state')) as State;
    await stop(served);
    expect(existsSync(path.join(dataDir, 'fake-twitch-runtime.json'))).to.equal(false);
    const fixtures = JSON.parse(await readFile(path.join(dataDir, 'fake-twitch.json'), 'utf8')) as { version: number };
    expect(fixtures.version).to.equal(1);
    served = await serve(dataDir);
    const after = (await command(dataDir, 'state')) as State;
    expect(after.users.map(({ login, id }) => ({ login, id }))).to.deep.equal(
      before.users.map(({ login, id }) => ({ login, id })),
    );
    expect(after.app).to.deep.equal(before.app);
    expect(after.users.find((user) => user.login === 'neonfox')!.rewards.map((reward) => reward.title)).to.deep.equal([
      'Suggest an emote',
    ]);
  });
});
