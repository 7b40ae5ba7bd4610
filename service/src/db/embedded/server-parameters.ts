/**
 * Server parameters that applications and tests get and set (getParameter /
 * setParameter). The ones the embedded server acts on change its behaviour at
 * once: the TTL monitor's interval and switch, the idle-cursor timeout and
 * `notablescan`; the rest are accepted and reported back, as mongod would.
 */
import { ErrorCodes, MongoCommandError } from './errors';
import type { Document } from './types';

type Kind = 'number' | 'boolean' | 'string';

const KNOWN: Record<string, { kind: Kind; value: number | boolean | string }> = {
  ttlMonitorSleepSecs: { kind: 'number', value: 10 },
  ttlMonitorEnabled: { kind: 'boolean', value: true },
  cursorTimeoutMillis: { kind: 'number', value: 600_000 },
  notablescan: { kind: 'boolean', value: false },
  logLevel: { kind: 'number', value: 0 },
  internalQueryExecMaxBlockingSortBytes: { kind: 'number', value: 104_857_600 },
  maxTransactionLockRequestTimeoutMillis: { kind: 'number', value: 5 },
  transactionLifetimeLimitSeconds: { kind: 'number', value: 60 },
  maxBSONDepth: { kind: 'number', value: 100 },
  allowDiskUseByDefault: { kind: 'boolean', value: true },
  enableTestCommands: { kind: 'boolean', value: false },
};

export class ServerParameters {
  private readonly values = new Map<string, number | boolean | string>();
  private readonly listeners = new Map<string, (value: number | boolean | string) => void>();

  constructor(overrides: Partial<Record<string, number | boolean | string>> = {}) {
    for (const [name, def] of Object.entries(KNOWN)) {
      this.values.set(name, overrides[name] ?? def.value);
    }
  }

  get(name: string): number | boolean | string | undefined {
    return this.values.get(name);
  }

  get notablescan(): boolean {
    return this.values.get('notablescan') === true;
  }

  /** Called with the new value whenever `name` is set. */
  onChange(name: string, listener: (value: number | boolean | string) => void): void {
    this.listeners.set(name, listener);
  }

  /** setParameter: returns `{was}` of the last one set, as mongod. */
  set(command: Document): Document {
    const names = Object.keys(command).filter(
      (k) => k !== 'setParameter' && !k.startsWith('$') && k !== 'lsid' && k !== 'comment',
    );
    if (names.length === 0) {
      throw new MongoCommandError(ErrorCodes.NoSuchKey, 'no option found to set, use help:true to see options');
    }
    let was: unknown;
    for (const name of names) {
      const def = KNOWN[name];
      if (!def) {
        throw new MongoCommandError(ErrorCodes.InvalidOptions, `Unknown server parameter: ${name}`);
      }
      let value: unknown = command[name];
      if (def.kind === 'boolean' && typeof value === 'number') {
        value = value !== 0;
      }
      if (def.kind === 'number' && typeof value === 'object' && value !== null && 'toNumber' in value) {
        value = (value as { toNumber(): number }).toNumber();
      }
      if (typeof value !== def.kind) {
        throw new MongoCommandError(ErrorCodes.BadValue, `Invalid value for ${name}: expected a ${def.kind}`);
      }
      was = this.values.get(name);
      this.values.set(name, value as number | boolean | string);
      this.listeners.get(name)?.(value as number | boolean | string);
    }
    return { was, ok: 1 };
  }

  /** getParameter: `'*'` or the named parameters. */
  report(command: Document, extra: Document): Document {
    const all = command['getParameter'] === '*';
    const out: Document = {};
    const known: Document = { ...extra, ...Object.fromEntries(this.values) };
    for (const [k, v] of Object.entries(known)) {
      if (all || command[k] !== undefined) {
        out[k] = v;
      }
    }
    if (!all && Object.keys(out).length === 0) {
      throw new MongoCommandError(ErrorCodes.InvalidOptions, 'no option found to get');
    }
    return { ...out, ok: 1 };
  }
}
