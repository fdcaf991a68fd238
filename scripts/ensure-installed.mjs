// `npm start` and `npm test` begin here, on whatever Node the machine has: installs the
// locked dependencies (which bring the project's own Node 24) when a fresh clone has none or
// the lock file changed since they were installed (a pull that moved a version), then runs the given script on that Node 24 with the remaining arguments.
//   node scripts/ensure-installed.mjs scripts/start.ts --verbose
// npm's output goes to .data/logs/install.log: on the machine's older Node it would warn once
// per package that the project wants Node 24, which the project itself then provides.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const hiddenLock = join(root, 'node_modules', '.package-lock.json');
const installed = existsSync(hiddenLock) && existsSync(join(root, 'node_modules', '.bin', 'node'));
// npm rewrites its copy of the lock in node_modules after every install: an older copy means the
// lock file moved on since (the same test npm itself makes before trusting that copy).
const current = installed && statSync(hiddenLock).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs;
if (!current) {
  const logs = join(root, '.data', 'logs');
  mkdirSync(logs, { recursive: true });
  const logPath = join(logs, 'install.log');
  const tty = process.stdout.isTTY;
  if (tty) process.stdout.write(`  … install   the locked dependencies (${installed ? 'the lock file changed' : 'first run'}, a few minutes)`);
  const log = openSync(logPath, 'w');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false', '--strict-allow-scripts'], {
    cwd: root,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (run.status !== 0) {
    process.stdout.write(`${tty ? '\r\x1b[K' : ''}  ✗ install   npm ci failed; see ${relative(root, logPath)}\n`);
    process.exit(run.status ?? 1);
  }
  process.stdout.write(`${tty ? '\r\x1b[K' : ''}  ✓ install   dependencies installed (log: ${relative(root, logPath)})\n`);
}

const [script, ...args] = process.argv.slice(2);
if (script) {
  const child = spawn(join(root, 'node_modules', '.bin', 'node'), [join(root, script), ...args], { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the whole process group; the script stops its own children and then exits.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
