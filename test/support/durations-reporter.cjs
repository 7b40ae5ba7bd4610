// mocha's spec reporter that also writes how long each test file took, hooks included, to
// test/durations.json: `npm test` deals the files into shards of about equal time with it.
// Run by `npm run test:durations` (a whole integration run, one file after another).
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_RUN_END } = Mocha.Runner.constants;

class DurationsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const root = path.resolve(__dirname, '..', '..');
    const started = new Map();
    const durations = {};
    const isFileSuite = (suite) => Boolean(suite.file && suite.parent && suite.parent.root);
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (isFileSuite(suite) && !started.has(suite.file)) {
        started.set(suite.file, Date.now());
      }
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      if (isFileSuite(suite) && started.has(suite.file)) {
        const file = path.relative(root, suite.file).split(path.sep).join('/');
        durations[file] = (durations[file] ?? 0) + Date.now() - started.get(suite.file);
        started.delete(suite.file);
      }
    });
    runner.once(EVENT_RUN_END, () => {
      const sorted = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => a.localeCompare(b)));
      fs.writeFileSync(path.join(root, 'test', 'durations.json'), `${JSON.stringify(sorted, null, 2)}\n`);
    });
  }
}

module.exports = DurationsReporter;
