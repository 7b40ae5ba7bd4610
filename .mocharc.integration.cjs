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
};
