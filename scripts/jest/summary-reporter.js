// Appends each Jest run's counts to .test-results/, so the test command can print one
// closing line for the whole repository.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const folder = join(import.meta.dirname, '..', '..', '.test-results');

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    mkdirSync(folder, { recursive: true });
    const line = {
      cwd: process.cwd(),
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    appendFileSync(join(folder, 'runs.jsonl'), `${JSON.stringify(line)}\n`);
  }
}
