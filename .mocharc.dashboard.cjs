// The dashboard's unit tests, next to its code: stores, rules, formatting and components, in Node with
// happy-dom as the browser (dashboard/src/testing/dom.ts) and a loopback HTTP double of the API where
// a test needs one. JSX compiles for Preact, as in the dashboard's build.
process.env.TSX_TSCONFIG_PATH = 'dashboard/tsconfig.json';

module.exports = {
  import: ['tsx'],
  require: ['dashboard/src/testing/dom.ts'],
  spec: ['dashboard/src/**/*.test.{ts,tsx}'],
  timeout: 10000,
  reporter: 'spec',
};
