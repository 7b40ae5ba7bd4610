import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './index';

describe('configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'aurastream-config-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.http.port).to.equal(8080);
    expect(config.http.publicUrl).to.equal('http://localhost:8080');
    expect(config.mongo.uri).to.equal(null);
    expect(config.redis.url).to.equal(null);
    expect(config.auth.bcryptCost).to.equal(12);
    expect(config.limits.brandKits).to.deep.equal({ free: 1, pro: 5, studio: 20 });
    expect(config.storage.uploadMaxBytes).to.equal(10 * 1024 * 1024);
  });

  it('lets environment variables override the defaults', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '9090',
      ADMIN_EMAILS: 'Boss@Example.com, ops@example.com',
      MONTHLY_ASSET_LIMITS: 'free:5,pro:50,studio:500',
    });
    expect(config.http.port).to.equal(9090);
    expect(config.auth.adminEmails).to.deep.equal(['boss@example.com', 'ops@example.com']);
    expect(config.limits.monthlyAssets.pro).to.equal(50);
  });

  it('names every bad setting in one error', () => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir, PORT: 'eighty', BCRYPT_COST: '99', BRAND_KIT_LIMITS: 'free:1' });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).to.match(/PORT/);
    expect(message).to.match(/BCRYPT_COST/);
    expect(message).to.match(/BRAND_KIT_LIMITS: missing the limit of tier "pro"/);
  });

  it('never shows a secret value in an error', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'short-secret-value' })).to.throw(
      ConfigError,
      /JWT_SECRET.*\(secret\)/,
    );
    try {
      loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'short-secret-value' });
    } catch (error) {
      expect((error as Error).message).not.to.include('short-secret-value');
    }
  });

  it('generates missing secrets once in development and keeps them in the data folder', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.auth.jwtSecret).to.have.length(64);
    expect(second.auth.jwtSecret).to.equal(first.auth.jwtSecret);
    expect(second.encryptionKey.equals(first.encryptionKey)).to.equal(true);
    const stored = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(stored.JWT_SECRET).to.equal(first.auth.jwtSecret);
  });

  it('requires secrets in production instead of generating them', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production' })).to.throw(
      ConfigError,
      /JWT_SECRET: required in production/,
    );
    expect(existsSync(path.join(dataDir, 'secrets.json'))).to.equal(false);
  });

  describe('JWT_PREVIOUS_SECRETS', () => {
    const current = 'c'.repeat(40);
    const previous = 'p'.repeat(40);
    const problemsOf = (value: string, keyId = 'k2'): string => {
      try {
        loadConfig({ DATA_DIR: dataDir, JWT_SECRET: current, JWT_KEY_ID: keyId, JWT_PREVIOUS_SECRETS: value });
      } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        const message = (error as ConfigError).message;
        expect(message, 'never shows a key').to.not.include(previous.slice(0, 8));
        return message;
      }
      return '';
    };

    it('reads kid:secret pairs', () => {
      const config = loadConfig({
        DATA_DIR: dataDir,
        JWT_SECRET: current,
        JWT_KEY_ID: 'k3',
        JWT_PREVIOUS_SECRETS: `k2:${previous}, k1:${'q'.repeat(32)}`,
      });
      expect(config.auth.jwtPreviousKeys).to.deep.equal([
        { kid: 'k2', secret: previous },
        { kid: 'k1', secret: 'q'.repeat(32) },
      ]);
    });

    it('refuses a key shorter than JWT_SECRET may be', () => {
      expect(problemsOf(`k1:${'p'.repeat(31)}`)).to.match(/JWT_PREVIOUS_SECRETS: .*k1.*at least 32 characters/);
    });

    it('refuses a previous key with the kid of the current key, which would replace it', () => {
      expect(problemsOf(`k2:${previous}`, 'k2')).to.match(/JWT_PREVIOUS_SECRETS: .*k2.*JWT_KEY_ID/);
    });

    it('refuses a pair without a kid or a secret, and the same kid twice', () => {
      expect(problemsOf(previous)).to.match(/JWT_PREVIOUS_SECRETS: .*kid:secret/);
      expect(problemsOf(`:${previous}`)).to.match(/JWT_PREVIOUS_SECRETS: .*kid:secret/);
      expect(problemsOf(`k1:${previous},k1:${previous}`)).to.match(/JWT_PREVIOUS_SECRETS: .*k1.*more than once/);
    });
  });

  describe('the simulated Twitch', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
      TWITCH_EVENTSUB_SECRET: 'y'.repeat(20),
    };

    it('runs in development when no Twitch client id is set, and not once one is', () => {
      expect(loadConfig({ DATA_DIR: dataDir }).twitch.simulated).to.equal(true);
      expect(loadConfig({ DATA_DIR: dataDir, TWITCH_CLIENT_ID: 'abc' }).twitch.simulated).to.equal(false);
      expect(loadConfig({ DATA_DIR: dataDir, TWITCH_SIMULATED: 'false' }).twitch.simulated).to.equal(false);
      expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }).twitch.simulated).to.equal(false);
      expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', TWITCH_SIMULATED: 'true' }).twitch.simulated).to.equal(
        true,
      );
    });

    it('never runs in production: auto stays off and true is a configuration error', () => {
      expect(loadConfig({ DATA_DIR: dataDir, ...production }).twitch.simulated).to.equal(false);
      expect(() => loadConfig({ DATA_DIR: dataDir, ...production, TWITCH_SIMULATED: 'true' })).to.throw(
        ConfigError,
        /TWITCH_SIMULATED: the simulated Twitch never runs in production/,
      );
    });

    it("takes Twitch chat's WebSocket URL, Twitch's own by default", () => {
      expect(loadConfig({ DATA_DIR: dataDir }).twitch.chatUrl).to.equal('wss://irc-ws.chat.twitch.tv:443');
      expect(loadConfig({ DATA_DIR: dataDir, TWITCH_CHAT_URL: 'ws://127.0.0.1:8091' }).twitch.chatUrl).to.equal(
        'ws://127.0.0.1:8091',
      );
      expect(() => loadConfig({ DATA_DIR: dataDir, TWITCH_CHAT_URL: 'https://irc-ws.chat.twitch.tv' })).to.throw(
        ConfigError,
        /TWITCH_CHAT_URL: must start with ws:\/\/ or wss:\/\//,
      );
    });
  });

  describe('signed file URLs', () => {
    const s3 = { STORAGE_DRIVER: 's3', S3_BUCKET: 'aura' };

    it('are on by default with S3, for the configured time, and off on local disk', () => {
      expect(loadConfig({ DATA_DIR: dataDir, ...s3 }).storage.signedUrlSeconds).to.equal(3600);
      expect(
        loadConfig({ DATA_DIR: dataDir, ...s3, STORAGE_SIGNED_URL_SECONDS: '600' }).storage.signedUrlSeconds,
      ).to.equal(600);
      expect(loadConfig({ DATA_DIR: dataDir, ...s3, STORAGE_SIGNED_URLS: 'false' }).storage.signedUrlSeconds).to.equal(
        null,
      );
      expect(loadConfig({ DATA_DIR: dataDir }).storage.signedUrlSeconds).to.equal(null);
    });

    it('need S3 when asked for explicitly', () => {
      expect(() => loadConfig({ DATA_DIR: dataDir, STORAGE_SIGNED_URLS: 'true' })).to.throw(
        ConfigError,
        /STORAGE_SIGNED_URLS: signed URLs come from an S3 bucket/,
      );
    });
  });
});
