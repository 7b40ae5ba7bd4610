import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { checkExtensionPackage, PANEL_BUDGET_BYTES, TWITCH_HELPER_URL } from '../../scripts/extension-package-check';
import { apiOriginOf, buildExtensionPackage, PACKAGE_DIR, PACKAGE_ZIP } from '../../scripts/extension-package';

/** The names in a zip's central directory (enough of the format to list an upload). */
function zipEntries(file: string): string[] {
  const zip = readFileSync(file);
  const names: string[] = [];
  for (let offset = 0; offset < zip.length - 46; offset += 1) {
    // a central directory header: its signature, then the name's length at 28 and the name at 46
    if (zip.readUInt32LE(offset) === 0x02014b50) {
      const nameLength = zip.readUInt16LE(offset + 28);
      names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    }
  }
  return names;
}

describe('the extension package for Twitch’s review (npm run extension:package)', function () {
  this.timeout(120_000);
  const apiOrigin = 'https://api.aurastream.example';
  let report: ReturnType<typeof checkExtensionPackage>;

  before(async () => {
    await buildExtensionPackage(apiOrigin);
    report = checkExtensionPackage(PACKAGE_DIR);
  });

  it('zips the panel and configuration pages at the root, without the test harness', () => {
    const entries = zipEntries(PACKAGE_ZIP);
    expect(entries).to.include.members(['panel.html', 'config.html']);
    expect(entries.filter((name) => name.startsWith('assets/') && name.endsWith('.js'))).to.not.be.empty;
    expect(entries).to.not.include('index.html');
    expect(entries.some((name) => name.includes('harness') || name.endsWith('.map'))).to.equal(false);
  });

  it('keeps Twitch’s rules: the helper first, no inline or remote script, no eval, within budget', () => {
    expect(report.problems).to.deep.equal([]);
    expect(report.panelBytes).to.be.above(0).and.at.most(PANEL_BUDGET_BYTES);
    for (const page of ['panel.html', 'config.html']) {
      const html = readFileSync(path.join(PACKAGE_DIR, page), 'utf8');
      expect(html.indexOf(TWITCH_HELPER_URL)).to.be.below(html.indexOf('<script type="module"'));
    }
  });

  it('calls the production API it was built for, and refuses one that is not https', () => {
    const code = readdirSync(path.join(PACKAGE_DIR, 'assets'))
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(path.join(PACKAGE_DIR, 'assets', file), 'utf8'))
      .join('\n');
    expect(code).to.include(apiOrigin);
    expect(() => apiOriginOf(undefined)).to.throw(/VITE_AURASTREAM_API_URL/);
    expect(() => apiOriginOf('http://api.aurastream.example')).to.throw(/https/);
    expect(() => apiOriginOf('https://api.aurastream.example/v1')).to.throw(/origin/);
  });

  describe('the check itself', () => {
    let copy: string;
    beforeEach(() => {
      copy = mkdtempSync(path.join(os.tmpdir(), 'aurastream-package-'));
      cpSync(PACKAGE_DIR, copy, { recursive: true });
    });
    afterEach(() => rmSync(copy, { recursive: true, force: true }));

    const edit = (file: string, change: (text: string) => string) =>
      writeFileSync(path.join(copy, file), change(readFileSync(path.join(copy, file), 'utf8')));
    /** The panel page's own module script. */
    const firstScript = () =>
      /<script type="module"[^>]*src="\.\/assets\/([^"]+)"/.exec(
        readFileSync(path.join(copy, 'panel.html'), 'utf8'),
      )![1]!;

    it('finds a page without the helper first, an inline script and a remote one', () => {
      edit('panel.html', (html) => html.replace(`<script src="${TWITCH_HELPER_URL}"></script>`, ''));
      edit('config.html', (html) =>
        html.replace('</body>', '<script>alert(1)</script><script src="https://cdn.example/x.js"></script></body>'),
      );
      const problems = checkExtensionPackage(copy).problems.join('\n');
      expect(problems).to.match(/panel\.html: Twitch's Extension Helper is not the first script/);
      expect(problems).to.match(/config\.html: an inline script/);
      expect(problems).to.match(/config\.html: a remote script/);
    });

    it('finds eval, Function( and zod’s probe in the bundle', () => {
      for (const snippet of ['eval("1")', 'new Function("")', 'const F=Function;new F("")']) {
        edit(`assets/${firstScript()}`, (code) => `${code}\n${snippet}`);
        expect(checkExtensionPackage(copy).problems.join('\n')).to.match(/eval or Function\(/);
        cpSync(PACKAGE_DIR, copy, { recursive: true });
      }
    });

    it('finds a panel over its budget', () => {
      const big = Array.from({ length: 40_000 }, (_, index) => `/*${index * 7919}*/`).join('');
      edit(`assets/${firstScript()}`, (code) => `${code}\n${big}`);
      expect(checkExtensionPackage(copy).problems.join('\n')).to.match(/over 25600/);
    });
  });
});
