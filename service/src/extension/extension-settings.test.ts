import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../config';

describe('extension settings', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'aurastream-extension-config-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const productionSecrets = {
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    TWITCH_EVENTSUB_SECRET: 'eventsub-secret',
  };

  it('generates a development extension secret once and marks it as such', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(Buffer.from(first.twitch.extensionSecret, 'base64')).to.have.length(32);
    expect(first.twitch.extensionSecretGenerated).to.equal(true);
    expect(loadConfig({ DATA_DIR: dataDir }).twitch.extensionSecret).to.equal(first.twitch.extensionSecret);
  });

  it('uses a configured secret as Twitch’s own', () => {
    const secret = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({ DATA_DIR: dataDir, TWITCH_EXTENSION_SECRET: secret });
    expect(config.twitch.extensionSecret).to.equal(secret);
    expect(config.twitch.extensionSecretGenerated).to.equal(false);
  });

  it('lets production run without an extension secret', () => {
    const config = loadConfig({ DATA_DIR: dataDir, ...productionSecrets });
    expect(config.twitch.extensionSecret).to.equal('');
    expect(config.twitch.extensionSecretGenerated).to.equal(false);
  });

  it('refuses a secret that is not base64', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, TWITCH_EXTENSION_SECRET: 'not base64!' })).to.throw(
      ConfigError,
      /TWITCH_EXTENSION_SECRET: must be base64/,
    );
  });

  it('allows the extension’s Twitch origin to call the API from a browser', () => {
    const config = loadConfig({ DATA_DIR: dataDir, TWITCH_EXTENSION_CLIENT_ID: 'abc123xyz' });
    expect(config.http.corsOrigins).to.include('https://abc123xyz.ext-twitch.tv');
  });

  it('reads the rate limits and the cache lifetime', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      EXTENSION_RATE_LIMIT_PER_VIEWER: '5/10',
      EXTENSION_CACHE_SECONDS: '0',
    });
    expect(config.extension.rateLimits.perViewer).to.deep.equal({ points: 5, durationSeconds: 10 });
    expect(config.extension.rateLimits.perIp).to.deep.equal({ points: 300, durationSeconds: 60 });
    expect(config.extension.cacheSeconds).to.equal(0);
  });

  it('sends live events through Extension PubSub only with the client id and Twitch’s own secret', () => {
    const secret = Buffer.alloc(32, 9).toString('base64');
    expect(loadConfig({ DATA_DIR: dataDir }).extension.pubsub).to.equal(false);
    expect(loadConfig({ DATA_DIR: dataDir, TWITCH_EXTENSION_CLIENT_ID: 'abc123' }).extension.pubsub).to.equal(false);
    const configured = loadConfig({
      DATA_DIR: dataDir,
      TWITCH_EXTENSION_CLIENT_ID: 'abc123',
      TWITCH_EXTENSION_SECRET: secret,
      TWITCH_EXTENSION_OWNER_ID: '12345',
    });
    expect(configured.extension.pubsub).to.equal(true);
    expect(configured.twitch.extensionOwnerId).to.equal('12345');
    expect(() => loadConfig({ DATA_DIR: dataDir, TWITCH_EXTENSION_OWNER_ID: 'owner' })).to.throw(
      ConfigError,
      /TWITCH_EXTENSION_OWNER_ID/,
    );
  });

  it('reads the per-channel limit', () => {
    const config = loadConfig({ DATA_DIR: dataDir, EXTENSION_RATE_LIMIT_PER_CHANNEL: '100/10' });
    expect(config.extension.rateLimits.perChannel).to.deep.equal({ points: 100, durationSeconds: 10 });
  });
});
