import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parse, type Tags } from 'yaml';
import { settings } from '../../config/defaults';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  restart?: string;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
}

// Compose's merge tags, kept as plain values: what they replace is Compose's business
const composeTags: Tags = ['!reset', '!override'].flatMap((tag) => [
  { tag, collection: 'map' as const, resolve: (value: unknown) => value },
  { tag, resolve: (value: string) => value },
]);

function composeFile(file: string): { services: Record<string, ComposeService> } {
  return parse(read(file), { merge: true, customTags: composeTags }) as { services: Record<string, ComposeService> };
}

/** The deployment files are checked here because this machine runs no Docker daemon to build them. */
describe('production deployment files', () => {
  const { services } = composeFile('docker-compose.yml');
  const app = ['service-1', 'service-2', 'worker', 'bot'] as const;
  const service = (name: string): ComposeService => {
    const found = services[name];
    if (!found) {
      throw new Error(`docker-compose.yml has no ${name} service`);
    }
    return found;
  };

  it('runs MongoDB with authentication from the environment, on no published port', () => {
    const mongodb = service('mongodb');
    expect(mongodb.environment?.MONGO_INITDB_ROOT_PASSWORD).to.match(/^\$\{MONGO_ROOT_PASSWORD:\?/);
    expect(mongodb.ports).to.equal(undefined);
    expect(service('worker').environment?.MONGODB_URI).to.match(
      /^mongodb:\/\/.+:\$\{MONGO_APP_PASSWORD:\?[^}]*\}@mongodb:27017\//,
    );
  });

  it('runs Redis with a password and append-only persistence, on no published port', () => {
    const redis = service('redis');
    const command = (redis.command ?? []).join(' ');
    expect(command).to.include('--requirepass "$$REDISCLI_AUTH"').and.include('--appendonly yes');
    expect(redis.environment?.REDISCLI_AUTH).to.match(/^\$\{REDIS_PASSWORD:\?/);
    expect(redis.ports).to.equal(undefined);
    expect(service('service-1').environment?.REDIS_URL).to.match(
      /^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]*\}@redis:6379$/,
    );
  });

  it('keeps files in the object store, its bucket made before the service starts, and no files volume', () => {
    expect(
      service('bucket').command ?? (service('bucket') as { entrypoint?: string[] }).entrypoint?.join(' '),
    ).to.match(/mc mb --ignore-existing/);
    for (const name of app) {
      expect(service(name).environment?.STORAGE_DRIVER, name).to.equal('s3');
      expect(service(name).volumes, name).to.equal(undefined);
    }
    expect(service('service-1').depends_on?.bucket?.condition).to.equal('service_completed_successfully');
  });

  it('puts two service replicas behind the proxy, the only published port, which checks their readiness', () => {
    const published = Object.entries(services).filter(([, definition]) => definition.ports);
    expect(published.map(([name]) => name)).to.deep.equal(['proxy']);
    const caddyfile = read('deploy/Caddyfile');
    expect(caddyfile).to.match(/reverse_proxy service-1:8080 service-2:8080/);
    expect(caddyfile).to.match(/health_uri \/ready/);
    for (const name of ['service-1', 'service-2']) {
      expect(service(name).environment).to.include({ RUN_WORKER: 'false', SERVICE_PROCESSES: '1' });
    }
  });

  it('runs a separate worker and the chat bot from the same image', () => {
    expect(service('worker').command?.join(' ')).to.include('service/src/worker.ts');
    expect(service('bot').command).to.deep.equal(['npm', 'run', 'bot']);
  });

  it('restarts and health-checks every long-running container', () => {
    for (const [name, definition] of Object.entries(services)) {
      if (name === 'bucket') {
        expect(definition.restart).to.equal('no');
        continue;
      }
      expect(definition.restart, name).to.equal('unless-stopped');
      if (name !== 'bot') {
        expect(definition.healthcheck?.test, name).to.be.an('array');
      }
    }
  });

  it('configures the application only through known settings, secrets only from the environment', () => {
    const known = new Set(Object.keys(settings));
    for (const name of app) {
      for (const [key, value] of Object.entries(service(name).environment ?? {})) {
        if (!(name === 'bot' && key.startsWith('AURASTREAM_'))) {
          expect(known.has(key), `${name}: ${key} is not a setting of config/defaults.ts`).to.equal(true);
        }
        const secret = (settings as Record<string, { secret?: boolean }>)[key]?.secret === true;
        if (secret) {
          // from a variable, never a value written here
          expect(value, `${name}: ${key}`).to.match(/\$\{[A-Z0-9_]+(:[?-][^}]*)?\}/);
        }
      }
    }
  });

  it('replaces the bundled databases and store with managed ones in docker-compose.managed.yml', () => {
    const managed = composeFile('docker-compose.managed.yml').services;
    for (const bundled of ['mongodb', 'redis', 'minio', 'bucket']) {
      expect(managed[bundled]?.profiles, bundled).to.deep.equal(['bundled']);
    }
    for (const name of app) {
      expect(managed[name]?.environment?.MONGODB_URI, name).to.match(/^\$\{MONGODB_URI:\?/);
      expect(managed[name]?.environment?.REDIS_URL, name).to.match(/^\$\{REDIS_URL:\?/);
    }
  });

  it('builds a multi-stage image that runs as a user without privileges, node itself as its command', () => {
    const dockerfile = read('Dockerfile');
    const stages = dockerfile.split('\n').filter((line) => line.startsWith('FROM '));
    expect(stages.length).to.be.at.least(2);
    const last = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(last).to.match(/\nUSER node\n/);
    expect(last).to.not.match(/npm ci(?! --omit=dev)/);
    expect(last).to.match(/\nCMD \["node", /);
    expect(read('.dockerignore')).to.match(/^\*\*\/node_modules$/m);
  });
});
