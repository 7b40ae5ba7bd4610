/**
 * Run the embedded server as its own process, with mongod-style flags:
 *   npm run db -- --port 27017 --dbpath ./data/db [--bind_ip 127.0.0.1]
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startEmbeddedMongo } from './index';

const USAGE = `Usage: npm run db -- [--port 27017] [--dbpath ./data/db] [--bind_ip 127.0.0.1 | --bind_ip_all]
  --port <n>              TCP port (0 picks a free one; default 27017)
  --dbpath <dir>          data directory (default ./data/db)
  --bind_ip <host>        interface to listen on (default 127.0.0.1; first of a comma list)
  --bind_ip_all           listen on all interfaces
  --nosync                don't fdatasync commits (faster, not crash-safe)
  --ttlMonitorSleepSecs <n>  TTL sweep interval in seconds (default 10)
  --quiet                 only log warnings and errors`;

const OPTIONS = {
  port: { type: 'string' },
  dbpath: { type: 'string' },
  bind_ip: { type: 'string' },
  bind_ip_all: { type: 'boolean' },
  nosync: { type: 'boolean' },
  ttlMonitorSleepSecs: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseFlags(): ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>> {
  try {
    return parseArgs({ options: OPTIONS, strict: true });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  }
}

const { values } = parseFlags();

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const logger = pino({ name: 'embedded-mongo', level: values.quiet ? 'warn' : (process.env['LOG_LEVEL'] ?? 'info') });
const port = values.port !== undefined ? Number(values.port) : 27017;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  logger.error({ port: values.port }, 'invalid --port');
  process.exit(2);
}
const host = values.bind_ip_all ? '0.0.0.0' : (values.bind_ip?.split(',')[0]?.trim() ?? '127.0.0.1');
const ttlSecs = values.ttlMonitorSleepSecs !== undefined ? Number(values.ttlMonitorSleepSecs) : undefined;

try {
  const server = await startEmbeddedMongo({
    dbPath: values.dbpath ?? './data/db',
    port,
    host,
    logger,
    fsync: !values.nosync,
    ttlIntervalMs: ttlSecs !== undefined && ttlSecs > 0 ? ttlSecs * 1000 : undefined,
  });
  // A stable, parseable line for scripts and tests that spawn the CLI.
  logger.info({ port: server.port, uri: server.uri }, `waiting for connections on port ${server.port}`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (err) {
  logger.error({ err }, 'failed to start embedded mongo');
  process.exit(1);
}
