/**
 * `npm run admin -- <command>`: account administration from a terminal (billing is out of scope,
 * so tiers are set by hand). Works on the database the service uses; see `usage` below.
 */
import { subscriptionTierSchema, userRoleSchema, type SubscriptionTier, type UserRole } from '@aurastream/contract';

const usage = `Usage: npm run admin -- <command>

Commands:
  set-tier <email> <free|pro|studio>   Set the user's subscription tier
  set-role <email> <user|admin>        Make the user an administrator, or not
  show <email>                         Show the user's tier and role
  help                                 Show this help

Database: MONGODB_URI when set. Otherwise the embedded database of the running service
(found through $DATA_DIR/runtime.json), or, when the service is not running, the embedded
database in $DATA_DIR started by this command (it cannot while the service runs: the service
holds the data folder's lock). DATA_DIR and the other settings are read as the service reads them.
`;

class UsageError extends Error {}

export type CliCommand =
  | { kind: 'set-tier'; email: string; tier: SubscriptionTier }
  | { kind: 'set-role'; email: string; role: UserRole }
  | { kind: 'show'; email: string };

type Command = CliCommand | { kind: 'help' };

function parseCommand(args: string[]): Command {
  const [name, email, value, ...extra] = args;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    return { kind: 'help' };
  }
  if (extra.length > 0) {
    throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  }
  if (!email) {
    throw new UsageError(`${name}: the user's e-mail address is missing`);
  }
  switch (name) {
    case 'set-tier': {
      const tier = subscriptionTierSchema.safeParse(value);
      if (!tier.success) {
        throw new UsageError(`set-tier: the tier must be free, pro or studio (got ${value ?? 'nothing'})`);
      }
      return { kind: 'set-tier', email, tier: tier.data };
    }
    case 'set-role': {
      const role = userRoleSchema.safeParse(value);
      if (!role.success) {
        throw new UsageError(`set-role: the role must be user or admin (got ${value ?? 'nothing'})`);
      }
      return { kind: 'set-role', email, role: role.data };
    }
    case 'show':
      if (value !== undefined) {
        throw new UsageError(`unexpected argument: ${value}`);
      }
      return { kind: 'show', email };
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}

async function main(): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${usage}`);
      return 2;
    }
    throw error;
  }
  if (command.kind === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  // loaded only now: help and usage errors answer without loading the database code
  const { runCliCommand } = await import('./cli-commands');
  return runCliCommand(command);
}

process.exitCode = await main();
