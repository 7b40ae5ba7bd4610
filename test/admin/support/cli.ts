import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepChildLogs, recordConfigSecrets, testLogLevel } from '@aurastream/service/testing';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run admin -- ...` as the package script does (tsx), with only the given settings. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    recordConfigSecrets(env, env.DATA_DIR);
    const child = spawn(process.execPath, ['--import', 'tsx', 'service/src/admin/cli.ts', ...args], {
      cwd: repositoryRoot,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: testLogLevel(), ...env },
    });
    // its standard output is what it answers (a credential it made); its logs go to standard error
    keepChildLogs(child, 'admin-cli', ['stderr']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
