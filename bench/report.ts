/**
 * Collects the latest benchmark results (`bench/results/*.md`, written by each `*.bench.ts`) into
 * `bench/results/README.md`, with the machine they ran on.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';

const resultsDir = new URL('./results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const sections = readdirSync(resultsDir)
  .filter((file) => file.endsWith('.md') && file !== 'README.md')
  .sort()
  .map((file) => readFileSync(new URL(file, resultsDir), 'utf8').trim());

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = [
  '# Benchmark results',
  '',
  `Latest run of \`npm run bench\` on ${machine}. Each section is written by its \`bench/*.bench.ts\`.`,
  '',
  ...sections.flatMap((section) => [section, '']),
].join('\n');
writeFileSync(new URL('README.md', resultsDir), report);
process.stdout.write(`bench/results/README.md updated (${sections.length} sections)\n`);
