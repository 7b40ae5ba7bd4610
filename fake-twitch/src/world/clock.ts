/** Where the fake reads the time: rate limits, token expiry and timestamps. Tests may pass their own. */
export interface FakeClock {
  now(): number;
}

export const systemClock: FakeClock = { now: () => Date.now() };

/** A clock a test moves by hand, so rate-limit windows can pass without waiting. */
export class ManualClock implements FakeClock {
  constructor(private current = Date.now()) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
