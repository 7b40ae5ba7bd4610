import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';

/** When, on what and with which Node a benchmark ran: the head of every results file. */
export function runFacts(): { date: string; machine: string; node: string } {
  return {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`,
    node: process.version,
  };
}

/** Writes a benchmark's `bench/results/<name>.json` and `.md`, and prints the markdown. */
export async function writeResults(name: string, result: unknown, markdown: string): Promise<void> {
  const results = new URL('../results/', import.meta.url);
  await mkdir(results, { recursive: true });
  await writeFile(new URL(`${name}.json`, results), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(new URL(`${name}.md`, results), markdown);
  process.stdout.write(`${markdown}\n`);
}

/**
 * The entry point of a benchmark that forks itself as its load generator: with `--load-generator`,
 * runs `generate` on the options its parent sends and sends back the result; otherwise `main`.
 */
export async function mainOrLoadGenerator<O, R>(main: () => Promise<void>, generate: (options: O) => Promise<R>) {
  if (!process.argv.includes('--load-generator')) {
    await main();
    return;
  }
  process.once('message', (options: O) => {
    generate(options).then(
      (result) => process.send?.(result, () => process.exit(0)),
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
