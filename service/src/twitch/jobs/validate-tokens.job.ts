import type { Agenda } from 'agenda';
import { scheduleRecurringAndAtStart } from '../../jobs/scheduler';
import type { TwitchTokenValidation } from '../token-validation';

export const VALIDATE_TWITCH_TOKENS_JOB = 'twitch.validate-tokens';

/**
 * The recurring validation of every stored Twitch token (Twitch asks for it hourly). No retries of
 * its own: a connection Twitch could not be asked about is asked again next hour.
 */
export function defineValidateTokensJob(scheduler: Agenda, validation: TwitchTokenValidation): void {
  scheduler.define(
    VALIDATE_TWITCH_TOKENS_JOB,
    async () => {
      await validation.validateAll();
    },
    { concurrency: 1 },
  );
}

/**
 * Hourly, and once now: every process calls this at start (one start run however many processes
 * start together), so tokens are validated at start as Twitch asks.
 */
export async function scheduleTokenValidation(scheduler: Agenda): Promise<void> {
  await scheduleRecurringAndAtStart(scheduler, '1 hour', VALIDATE_TWITCH_TOKENS_JOB);
}
