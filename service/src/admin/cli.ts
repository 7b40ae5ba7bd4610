/**
 * `npm run admin -- <command>`: account administration from a terminal (billing is out of scope,
 * so tiers are set by hand). Works on the database the service uses; see `usage` below.
 */
import {
  createServiceCredentialSchema,
  subscriptionTierSchema,
  twitchChannelIdSchema,
  userRoleSchema,
  uuidSchema,
  type SubscriptionTier,
  type UserRole,
} from '@aurastream/contract';

const usage = `Usage: npm run admin -- <command>

Commands:
  set-tier <email> <free|pro|studio>   Set the user's subscription tier
  set-role <email> <user|admin>        Make the user an administrator, or not
  show <email>                         Show the user's tier and role
  create-service-credential <name> [--channels <id,id,…>]
                                       Create a credential for a service such as the chat bot and
                                       print its secret (shown once). It acts for every channel
                                       whose streamer turned the bot on, or only the listed Twitch
                                       channel ids
  revoke-service-credential <id>       Revoke a service credential; the service refuses it at once
  list-service-credentials             List service credentials
  audit <email>                        Show every role change of the account(s) with this address
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
  | { kind: 'show'; email: string }
  | { kind: 'create-service-credential'; name: string; channels: string[] | null }
  | { kind: 'revoke-service-credential'; id: string }
  | { kind: 'list-service-credentials' }
  | { kind: 'audit'; email: string };

type Command = CliCommand | { kind: 'help' };

/** `create-service-credential <name> [--channels <id,id,…>]` */
function parseCreateServiceCredential(args: string[]): Command {
  const [name, option, list, ...extra] = args;
  if (!name?.trim() || name.startsWith('--')) {
    throw new UsageError('create-service-credential: the credential needs a name, e.g. chat-bot');
  }
  if (option !== undefined && (option !== '--channels' || !list || extra.length > 0)) {
    throw new UsageError(`create-service-credential: unexpected arguments: ${args.slice(1).join(' ')}`);
  }
  const channels = list?.split(',').map((id) => id.trim()) ?? null;
  const invalid = channels?.filter((id) => !twitchChannelIdSchema.safeParse(id).success) ?? [];
  if (invalid.length > 0) {
    throw new UsageError(`create-service-credential: not Twitch channel ids: ${invalid.join(', ') || '(empty)'}`);
  }
  // the same rules as the admin endpoint
  const request = createServiceCredentialSchema.safeParse({
    name,
    ...(channels ? { scope: { kind: 'channels', twitch_channel_ids: channels } } : {}),
  });
  if (!request.success) {
    const problems = request.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new UsageError(`create-service-credential: ${problems.join('; ')}`);
  }
  return { kind: 'create-service-credential', name: request.data.name, channels };
}

function parseServiceCredentialCommand(name: string, args: string[]): Command | null {
  switch (name) {
    case 'create-service-credential':
      return parseCreateServiceCredential(args);
    case 'revoke-service-credential': {
      const [id, ...extra] = args;
      if (!id || extra.length > 0 || !uuidSchema.safeParse(id).success) {
        throw new UsageError('revoke-service-credential: give the credential id (a UUID) and nothing else');
      }
      return { kind: 'revoke-service-credential', id };
    }
    case 'list-service-credentials':
      if (args.length > 0) {
        throw new UsageError(`unexpected arguments: ${args.join(' ')}`);
      }
      return { kind: 'list-service-credentials' };
    default:
      return null;
  }
}

function parseCommand(args: string[]): Command {
  const [name, email, value, ...extra] = args;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    return { kind: 'help' };
  }
  const serviceCredentialCommand = parseServiceCredentialCommand(name, args.slice(1));
  if (serviceCredentialCommand) {
    return serviceCredentialCommand;
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
    case 'audit':
      if (value !== undefined) {
        throw new UsageError(`unexpected argument: ${value}`);
      }
      return { kind: name, email };
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
