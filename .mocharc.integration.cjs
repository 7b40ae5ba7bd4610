// Integration and end-to-end tests: real service over HTTP, real Redis, the embedded MongoDB server,
// fake Twitch and OpenAI servers on loopback, headless Chromium for browser features.
module.exports = {
  import: ['tsx'],
  require: ['test/support/hooks.ts'],
  spec: ['test/**/*.test.ts'],
  timeout: 30000,
  slow: 2000,
  reporter: 'spec',
};
