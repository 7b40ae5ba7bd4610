/**
 * The embedded MongoDB server as its own process, as the `npm run db` CLI runs it (journal fsync on),
 * that profiles its CPU over a window its parent chooses: "profile <file>" on stdin starts the
 * profiler, "stop" writes the `.cpuprofile` and prints "profile written".
 *
 *   node --import tsx bench/support/embedded-mongo-process.ts <dbPath>
 *
 * Prints "waiting for connections on port N", like the CLI.
 */
import { startEmbeddedMongo } from '../../service/src/db/embedded/index';
import { startCpuProfile, type WindowProfiler } from './cpu-profiler';

const [dbPath = ''] = process.argv.slice(2);
const server = await startEmbeddedMongo({ dbPath, port: 0 });
process.stdout.write(`waiting for connections on port ${server.port}\n`);
let profiler: WindowProfiler | undefined;
let file = '';
process.stdin.on('data', (d: Buffer) => {
  const line = d.toString().trim();
  if (line.startsWith('profile ')) {
    file = line.slice('profile '.length);
    void startCpuProfile().then((p) => {
      profiler = p;
      process.stdout.write('profiling\n');
    });
  } else if (line === 'stop' && profiler) {
    void profiler.stop(file).then(() => process.stdout.write('profile written\n'));
  }
});
process.on('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
