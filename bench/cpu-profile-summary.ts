/**
 * Where a `--cpu-prof` profile's CPU went, as text a review can read next to the flame graph:
 * self time by feature (the nearest frame of our own code on the stack: a driver's or a
 * package's time is charged to the feature that called it), by package (or by file of our own
 * code), and the functions with the most self time.
 * Run: `npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [top functions, default 30]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/<package>` (scoped too), our own `service/src/...` file, or Node's internals. */
function placeOf(url: string): string {
  if (!url) {
    return '(native / GC / idle)';
  }
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) {
    return modules[1];
  }
  if (url.startsWith('node:')) {
    return `node (${url.slice(5).split('/')[0] ?? ''})`;
  }
  const own = /\/((?:service|contract|config)\/src\/.*)$/.exec(url);
  return own?.[1] ?? url;
}

/** Our own code's feature folder (`service/src/<feature>`, `db/embedded`, `fake-twitch`, `bench`), or null. */
function featureOf(url: string): string | null {
  if (url.includes('/node_modules/')) {
    return null;
  }
  const own = /\/(?:service\/src\/(db\/embedded|[^/]+)|(fake-twitch|bench)\/)/.exec(url);
  const feature = own?.[1] ?? own?.[2];
  return feature ? feature.replace(/\.ts$/, '') : null;
}

const [file, topArgument] = process.argv.slice(2);
if (!file) {
  throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [top]');
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
profile.nodes.forEach((node) => node.children?.forEach((child) => parentOf.set(child, node.id)));
/** The feature of the nearest own frame at or above a node; else the node's package, marked. */
function featureAbove(id: number): string {
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const feature = featureOf(nodes.get(at)?.callFrame.url ?? '');
    if (feature) {
      return feature;
    }
  }
  return `${placeOf(nodes.get(id)?.callFrame.url ?? '')} (no own caller)`;
}
const selfUs = new Map<number, number>();
profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));

const byFeature = new Map<string, number>();
const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const frame = nodes.get(id)?.callFrame;
  if (!frame) {
    continue;
  }
  if (frame.functionName === '(idle)') {
    idle += us;
    continue;
  }
  total += us;
  const place = placeOf(frame.url);
  const feature = featureAbove(id);
  byFeature.set(feature, (byFeature.get(feature) ?? 0) + us);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  const name = `${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
}

const share = (us: number) => `${((us / total) * 100).toFixed(1)}%`;
const top = (map: Map<string, number>, count: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
const lines = [
  `busy ${(total / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s`,
  '',
  '| self time by feature (nearest own code on the stack) | share |',
  '| --- | ---: |',
  ...top(byFeature, 25).map(([feature, us]) => `| ${feature} | ${share(us)} |`),
  '',
  '| self time by package or file | share |',
  '| --- | ---: |',
  ...top(byPlace, 25).map(([place, us]) => `| ${place} | ${share(us)} |`),
  '',
  '| function | share |',
  '| --- | ---: |',
  ...top(byFunction, Number(topArgument ?? 30)).map(([name, us]) => `| \`${name}\` | ${share(us)} |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
