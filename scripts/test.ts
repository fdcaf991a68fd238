// The repository's test command: the machine's tools (installed when missing and run as
// root), build, typecheck, lint, unit tests, then integration tests against real PostgreSQL
// and Kafka (provisioned by the Jest global setup when the environment names none), and the
// demo hospital's seed. Ends with one line: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const results = join(root, '.test-results', 'runs.jsonl');
rmSync(join(root, '.test-results'), { recursive: true, force: true });
// In CI a Kafka test that cannot reach a broker fails instead of skipping.
if (process.env.CI === 'true' && process.env.REQUIRE_KAFKA === undefined) process.env.REQUIRE_KAFKA = '1';

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
/**
 * What the tests need from the machine, as Debian packages: Chromium for the screens (never a
 * downloaded browser), Java and Maven for the local Kafka broker (infra/kafka.sh).
 */
function machineTools(): boolean {
  const missing = [
    ...(onPath('chromium') ? [] : ['chromium']),
    ...(onPath('java') ? [] : ['default-jre-headless']),
    ...(onPath('mvn') ? [] : ['maven']),
  ];
  if (missing.length === 0) return true;
  if (process.getuid?.() !== 0) {
    console.error(`The tests need ${missing.join(', ')}; install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    return false;
  }
  console.log(`\n=== setup: apt-get install ${missing.join(' ')}`);
  const apt = (args: string[]) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  return apt(['update', '-qq']) && apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
}
if (!machineTools()) {
  console.log('\n0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

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
  ['unit tests', turbo, ['run', 'test:unit', '--continue', '--output-logs=full']],
  // One workspace at a time: they share the machine's two cores and the Kafka broker.
  ['integration tests', turbo, ['run', 'test:int', '--concurrency=1', '--continue', '--output-logs=full']],
  ['demo hospital seed', 'npm', ['run', '--silent', 'test:seed']],
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
