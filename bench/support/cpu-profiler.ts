/**
 * A CPU profile of this process's main thread over a window a benchmark chooses (not the whole run,
 * whose set-up would drown the phase measured). Read it with `bench/cpu-profile-summary.ts`.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

export interface WindowProfiler {
  /** Stops profiling and writes the `.cpuprofile`. */
  stop(file: string): Promise<void>;
}

export async function startCpuProfile(): Promise<WindowProfiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
