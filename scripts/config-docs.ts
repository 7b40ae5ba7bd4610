/**
 * Prints the configuration table for the README and writes `.env.example`, both from
 * `config/defaults.ts`, so the documentation cannot drift from the settings.
 *   npx tsx scripts/config-docs.ts
 */
import { writeFileSync } from 'node:fs';
import { settings, type SettingDefinition } from '../config/defaults';

const entries = Object.entries(settings as Record<string, SettingDefinition>);

function defaultOf(definition: SettingDefinition): string {
  if (definition.generated) {
    return 'generated in development';
  }
  return definition.default ? `\`${definition.default}\`` : '(unset)';
}

const table = [
  '| Variable | Default | Description |',
  '| --- | --- | --- |',
  ...entries.map(
    ([name, definition]) =>
      `| \`${name}\` | ${defaultOf(definition)} | ${definition.description}${definition.secret ? ' *Secret.*' : ''} |`,
  ),
].join('\n');

const envExample = [
  '# AuraStream settings. Every variable is optional in development; the values below are the defaults.',
  '# Secrets marked "generated" are created once in $DATA_DIR/secrets.json when unset (required in production).',
  '',
  ...entries.flatMap(([name, definition]) => [
    `# ${definition.description}`,
    definition.generated ? `# ${name}=  (generated in development)` : `${name}=${definition.default ?? ''}`,
    '',
  ]),
].join('\n');

writeFileSync(new URL('../.env.example', import.meta.url), envExample);
process.stdout.write(`${table}\n`);
