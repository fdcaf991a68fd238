// The repository's test command: build, typecheck, lint, unit tests, then integration tests
// against real PostgreSQL and Kafka (provisioned by the Jest global setup when the
// environment names none). Ends with one line: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const results = join(root, '.test-results', 'runs.jsonl');
rmSync(join(root, '.test-results'), { recursive: true, force: true });

function step(title: string, command: string, args: string[]): boolean {
  console.log(`\n=== ${title}`);
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return run.status === 0;
}

const turbo = join(root, 'node_modules', '.bin', 'turbo');
const steps: Array<[string, string, string[]]> = [
  ['build', turbo, ['run', 'build', '--output-logs=errors-only']],
  ['typecheck', turbo, ['run', 'typecheck', '--output-logs=errors-only']],
  ['lint', join(root, 'node_modules', '.bin', 'eslint'), ['.']],
  ['unit tests', turbo, ['run', 'test:unit', '--output-logs=full']],
  // One workspace at a time: they share the machine's two cores and the Kafka broker.
  ['integration tests', turbo, ['run', 'test:int', '--concurrency=1', '--output-logs=full']],
];

let ok = true;
for (const [title, command, args] of steps) {
  if (!step(title, command, args)) {
    ok = false;
    console.error(`\n${title} failed`);
    if (title === 'build' || title === 'typecheck') break;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(results)) {
  for (const line of readFileSync(results, 'utf8').split('\n').filter(Boolean)) {
    const run = JSON.parse(line) as { passed: number; failed: number; skipped: number };
    passed += run.passed;
    failed += run.failed;
    skipped += run.skipped;
  }
}
if (!ok && failed === 0) failed = 1; // a failed build, typecheck or lint counts as a failure
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
