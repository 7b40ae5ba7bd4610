/**
 * Data directory lock: `mongod.lock` holds the owner's pid. A second server on the
 * same directory (another process, or this one) gets a clear error; a lock left by
 * a dead process (e.g. after kill -9) is taken over.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EmbeddedLogger } from '../types';

const held = new Set<string>();

export class DbPathLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DbPathLockedError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DirLock {
  readonly path: string;
  release(): Promise<void>;
}

export async function acquireLock(dbPath: string, logger: EmbeddedLogger): Promise<DirLock> {
  await fs.mkdir(dbPath, { recursive: true });
  const dir = await fs.realpath(dbPath);
  const lockPath = path.join(dir, 'mongod.lock');
  if (held.has(dir)) {
    throw new DbPathLockedError(`dbPath ${dir} is already in use by another embedded server in this process`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await fs.open(lockPath, 'wx');
      try {
        await fh.writeFile(`${process.pid}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      held.add(dir);
      let released = false;
      return {
        path: lockPath,
        async release() {
          if (released) {
            return;
          }
          released = true;
          held.delete(dir);
          await fs.rm(lockPath, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
    }
    const content = await fs.readFile(lockPath, 'utf8').catch(() => '');
    const pid = Number.parseInt(content.trim(), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
      throw new DbPathLockedError(
        `dbPath ${dir} is locked by another running process (pid ${pid}); lock file: ${lockPath}`,
      );
    }
    logger.warn({ lockPath, stalePid: content.trim() || null }, 'taking over stale lock file');
    await fs.rm(lockPath, { force: true });
  }
  throw new DbPathLockedError(`could not acquire lock file ${lockPath}`);
}
