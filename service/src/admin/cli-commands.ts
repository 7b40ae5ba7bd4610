import { pino } from 'pino';
import { ConfigError, loadConfig } from '../config';
import { AppError } from '../shared/errors';
import { registerUserModel } from '../users/user.model';
import { UserRepository, type User } from '../users/user.repository';
import { AdminService } from './admin.service';
import { connectCliDatabase } from './cli-database';
import type { CliCommand } from './cli';

function describe(user: User): string {
  return `${user.email}: tier ${user.subscription_tier}, role ${user.role} (id ${user.id})\n`;
}

async function run(command: CliCommand): Promise<void> {
  const config = loadConfig();
  const logger = pino({ name: 'admin-cli', level: 'warn' }, pino.destination(2));
  const database = await connectCliDatabase(config, logger);
  process.stderr.write(`Using ${database.source}\n`);
  try {
    const admin = new AdminService(new UserRepository(registerUserModel(database.mongo.connection)));
    switch (command.kind) {
      case 'set-tier':
        process.stdout.write(
          describe(await admin.updateUserByEmail(command.email, { subscription_tier: command.tier })),
        );
        break;
      case 'set-role':
        process.stdout.write(describe(await admin.updateUserByEmail(command.email, { role: command.role })));
        break;
      case 'show':
        process.stdout.write(describe(await admin.findUserByEmail(command.email)));
        break;
    }
  } finally {
    await database.mongo.stop();
  }
}

/** Runs a parsed command; answers the exit code (1 with a message for a known failure). */
export async function runCliCommand(command: CliCommand): Promise<number> {
  try {
    await run(command);
    return 0;
  } catch (error) {
    if (error instanceof AppError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
