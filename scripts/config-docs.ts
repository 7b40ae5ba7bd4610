/**
 * Writes the README's configuration table and `.env.example` from `config/defaults.ts`, so the
 * documentation cannot drift from the settings (a test checks both are current).
 *   npx tsx scripts/config-docs.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { settings, type SettingDefinition } from '../config/defaults';

const entries = Object.entries(settings as Record<string, SettingDefinition>);

function defaultOf(definition: SettingDefinition): string {
  if (definition.generated) {
    return 'generated in development';
  }
  return definition.default ? `\`${definition.default}\`` : '(unset)';
}

export const configTable = [
  '| Variable | Default | Description |',
  '| --- | --- | --- |',
  ...entries.map(
    ([name, definition]) =>
      `| \`${name}\` | ${defaultOf(definition)} | ${definition.description}${definition.secret ? ' *Secret.*' : ''} |`,
  ),
].join('\n');

export const envExample = [
  '# AuraStream settings. Every variable is optional in development; the values below are the defaults.',
  '# Secrets marked "generated" are created once in $DATA_DIR/secrets.json when unset (required in production).',
  '',
  ...entries.flatMap(([name, definition]) => [
    `# ${definition.description}`,
    definition.generated ? `# ${name}=  (generated in development)` : `${name}=${definition.default ?? ''}`,
    '',
  ]),
].join('\n');

const start = '<!-- config-table:start -->';
const end = '<!-- config-table:end -->';

/** The README with its configuration table replaced by the current one. */
export function readmeWithConfigTable(readme: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to === -1) {
    throw new Error('README.md lacks the config-table markers');
  }
  return `${readme.slice(0, from + start.length)}\n${configTable}\n${readme.slice(to)}`;
}

const runDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  const readmeUrl = new URL('../README.md', import.meta.url);
  writeFileSync(readmeUrl, readmeWithConfigTable(readFileSync(readmeUrl, 'utf8')));
  writeFileSync(new URL('../.env.example', import.meta.url), envExample);
}
