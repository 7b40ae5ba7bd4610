import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Asks until `check` holds, for what travels between instances or processes (Redis pub/sub, a
 * socket's disconnect); answers whether it did within `timeoutMs`.
 */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) {
      return true;
    }
    if (Date.now() > deadline) {
      return false;
    }
    await sleep(20);
  }
}
