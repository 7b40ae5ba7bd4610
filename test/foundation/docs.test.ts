import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { envExample, readmeWithConfigTable } from '../../scripts/config-docs';

describe('the configuration documentation', () => {
  const root = new URL('../../', import.meta.url);

  it('lists every setting in the README (regenerate with `npx tsx scripts/config-docs.ts`)', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    expect(readmeWithConfigTable(readme)).to.equal(readme);
  });

  it('lists every setting in .env.example', () => {
    expect(readFileSync(new URL('.env.example', root), 'utf8')).to.equal(envExample);
  });
});
