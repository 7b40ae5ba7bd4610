import type { Agenda } from 'agenda';
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
 * Hourly, and once now: every process calls this at start; they update the one recurring job
 * (its name is unique), whose next run becomes now, so tokens are validated at start as Twitch asks.
 */
export async function scheduleTokenValidation(scheduler: Agenda): Promise<void> {
  await scheduler.every('1 hour', VALIDATE_TWITCH_TOKENS_JOB);
}
