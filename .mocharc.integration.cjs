// Integration and end-to-end tests: real service over HTTP, real Redis, the embedded MongoDB server,
// fake Twitch and OpenAI servers on loopback, headless Chromium for browser features.
// No `spec` here: mocha would add it to globs given on the command line. `npm run test:integration`
// and `npm test` pass 'test/**/*.test.ts'; pass your own glob to run one feature.
module.exports = {
  import: ['tsx'],
  require: ['test/support/hooks.ts'],
  timeout: 30000,
  slow: 2000,
  reporter: 'spec',
  // Exit once every test and root hook is done: Agenda keeps a job's lock watchdog (a timer of half
  // the lock lifetime, a minute here) pending after the job ends and the service stops, which would
  // otherwise hold the process open for that minute after the last test.
  exit: true,
};
