// Unit tests live next to the code they test.
module.exports = {
  import: ['tsx'],
  spec: ['contract/src/**/*.test.ts', 'service/src/**/*.test.ts'],
  timeout: 10000,
  reporter: 'spec',
};
