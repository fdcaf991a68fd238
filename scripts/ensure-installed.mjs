// Runs before `npm start` and `npm test` on whatever Node the machine has: installs the
// locked dependencies (which bring the project's own Node 24) when a fresh clone has none.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const installed = existsSync(join(root, 'node_modules', '.package-lock.json')) && existsSync(join(root, 'node_modules', '.bin', 'node'));
if (!installed) {
  console.log('first run: installing the locked dependencies (npm ci) …');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
