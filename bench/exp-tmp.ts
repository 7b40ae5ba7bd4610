import { startServiceProcess } from './support/service-process';
import { startBareExpress } from './support/bare-express';
import { runLoad } from './support/http-load';
import { processCpuSeconds } from './support/service-process';
const variants = process.argv.slice(2);
const bare = await startBareExpress();
async function measure(url: string, cpu: () => number) {
  await runLoad({ url, connections: 32, durationSeconds: 2 });
  const c0 = cpu();
  const r = await runLoad({ url, connections: 32, durationSeconds: 5 });
  return { rps: Math.round(r.requestsPerSecond), us: Math.round(((cpu() - c0) * 1e6) / r.requests), st: JSON.stringify(r.statuses) };
}
for (const round of [1, 2]) for (const v of variants) {
  const s = await startServiceProcess(1, { HTTP_FAST_PATH: v });
  const res = await fetch(s.url + '/health'); console.log(res.status, [...res.headers.keys()].join(','));
  const b = await measure(bare.url + '/hello', () => processCpuSeconds(bare.pid));
  const m = await measure(s.url + '/health', () => s.cpuSeconds() + s.redisCpuSeconds());
  console.log(`${round} fast=${v.padEnd(6)} ${m.rps}/s ${m.us} µs ${m.st} | bare ${b.rps}/s ${b.us} µs | ratio ${(m.rps / b.rps).toFixed(2)} cpu ratio ${(b.us / m.us).toFixed(2)}`);
  await s.stop();
}
await bare.stop();
