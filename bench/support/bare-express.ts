/**
 * The baseline of the HTTP benchmarks: a bare Express application on the same Node, with the same
 * flags as the service, answering what the framework alone costs. Run as its own process
 * (`startBareExpress`) so it does not share an event loop with its load.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import express from 'express';

export interface BareExpress {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function serve(): void {
  const app = express();
  app.get('/hello', (_req, res) => {
    res.json({ hello: 'world' });
  });
  // the baseline of ingestion: the same JSON body parsed and acknowledged
  app.post('/ingest', express.json({ limit: '1mb' }), (req, res) => {
    const events = (req.body as { events?: unknown[] }).events ?? [];
    res.status(202).json({ accepted: events.length });
  });
  // the baseline of an action without a body (a vote): a path parameter in, a small JSON answer out
  app.post('/vote/:id', (req, res) => {
    res.json({ idea_id: req.params.id, number: 1, votes: 1 });
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

export function startBareExpress(): Promise<BareExpress> {
  return new Promise((resolve, reject) => {
    // tsx's loader comes from this process's flags; the service's V8 flag is added
    const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--bare-express'], {
      execArgv: [...process.execArgv, '--max-semi-space-size=64'],
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('message', (message) => {
      const { port } = message as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid as number,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) {
              done();
              return;
            }
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

if (process.argv.includes('--bare-express')) {
  serve();
}
