/**
 * A load generator in its own process (so it takes no CPU from the service's event loop): keep-alive
 * connections sending prepared GETs for a while, cycling through the given header sets (one per
 * viewer). Reads its job as JSON from argv[2]; prints `{requests, statuses}` as JSON.
 */
import { KeepAliveConnection, prepareGet } from './keep-alive-poster';

interface LoadJob {
  url: string;
  headers: Array<Record<string, string>>;
  connections: number;
  durationMs: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as LoadJob;
const url = new URL(job.url);
const requests = job.headers.map((headers) => prepareGet(url, headers));
const statuses: Record<string, number> = {};
let sent = 0;
const deadline = Date.now() + job.durationMs;

await Promise.all(
  Array.from({ length: job.connections }, async (_, connectionIndex) => {
    const connection = await KeepAliveConnection.open(url);
    let index = connectionIndex;
    while (Date.now() < deadline) {
      const status = await connection.send(requests[index % requests.length]!);
      statuses[status] = (statuses[status] ?? 0) + 1;
      sent += 1;
      index += job.connections;
    }
    connection.close();
  }),
);
process.stdout.write(JSON.stringify({ requests: sent, statuses }));
