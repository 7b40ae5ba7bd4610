/**
 * The baseline for HTTP benchmarks: a bare Express app in its own process with one JSON POST route
 * that answers 204, as cheap as an Express route gets. Prints `listening <port>` on stdout.
 * Run by a benchmark: `node --import tsx bench/support/bare-route.ts`.
 */
import express from 'express';

const app = express();
app.use(express.json({ limit: '1mb' }));
app.post('/bare', (_req, res) => {
  res.status(204).end();
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
