import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * While a service runs with embedded MongoDB/Redis on random local ports, it records them in
 * `$DATA_DIR/runtime.json` so `npm run worker` and `npm run admin` can join it.
 */
export interface RuntimeFile {
  mongodb_uri: string;
  redis_url: string;
  pid: number;
}

const fileName = 'runtime.json';

export async function writeRuntimeFile(dataDir: string, runtime: RuntimeFile): Promise<void> {
  await writeFile(path.join(dataDir, fileName), `${JSON.stringify(runtime, null, 2)}\n`, { mode: 0o600 });
}

export async function removeRuntimeFile(dataDir: string): Promise<void> {
  await rm(path.join(dataDir, fileName), { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The running service's databases, or null when no service runs on this data folder. */
export function readRuntimeFile(dataDir: string): RuntimeFile | null {
  const file = path.join(dataDir, fileName);
  if (!existsSync(file)) {
    return null;
  }
  const runtime = JSON.parse(readFileSync(file, 'utf8')) as RuntimeFile;
  return processAlive(runtime.pid) ? runtime : null;
}
