/**
 * Makes the dashboard's web fonts: each Poppins weight in `dashboard/fonts/` (the full TTFs, kept as
 * the source) subset to the Latin characters the dashboard writes in, as WOFF2, into
 * `dashboard/src/assets/fonts/`. Three full TTFs were 467 KB; the subsets are a small fraction.
 *   npx tsx scripts/subset-fonts.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const weights = ['500Medium', '700Bold', '800ExtraBold'];

/** Basic Latin, Latin-1 and the typographic marks the copy uses (quotes, dashes, arrows, ×, …). */
function latinCharacters(): string {
  const ranges: Array<[number, number]> = [
    [0x20, 0x7e],
    [0xa0, 0xff],
    [0x2010, 0x2027],
    [0x2030, 0x203a],
    [0x2190, 0x2193],
  ];
  const extra = '€™−×÷•…';
  let text = extra;
  for (const [from, to] of ranges) {
    for (let code = from; code <= to; code += 1) {
      text += String.fromCodePoint(code);
    }
  }
  return text;
}

for (const weight of weights) {
  const source = readFileSync(path.join(root, 'dashboard/fonts', `Poppins_${weight}.ttf`));
  const subset = await subsetFont(source, latinCharacters(), { targetFormat: 'woff2' });
  const target = path.join(root, 'dashboard/src/assets/fonts', `Poppins_${weight}.latin.woff2`);
  writeFileSync(target, subset);
  process.stdout.write(`${path.relative(root, target)}: ${source.length} → ${subset.length} bytes\n`);
}
