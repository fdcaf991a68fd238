import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The independent judge of every X12 file the revenue tests produce: the Java checker in
 * tools/x12-check, built on com.imsweb:x12-parser. It is compiled once per test run (again only
 * when its source or pom is newer than the build), under a lock so parallel workers wait for one build.
 */
const moduleDir = resolve(import.meta.dirname, '..', '..', '..', '..', 'tools', 'x12-check');
const classes = join(moduleDir, 'target', 'classes');
const classpathFile = join(moduleDir, 'target', 'classpath.txt');
const source = join(moduleDir, 'src', 'main', 'java', 'org', 'ehr', 'x12check', 'X12Check.java');

export interface X12CheckResult {
  file: string;
  loops: number;
  errors: string[];
  notUsed: string[];
}

const mtime = (path: string): number => (existsSync(path) ? statSync(path).mtimeMs : 0);
const built = join(classes, 'org', 'ehr', 'x12check', 'X12Check.class');
const stale = (): boolean => {
  const at = Math.min(mtime(built), mtime(classpathFile));
  return at === 0 || at < mtime(source) || at < mtime(join(moduleDir, 'pom.xml'));
};

function classpath(): string {
  if (stale()) {
    // flock serialises the build across jest workers; the second one finds it fresh and only reads it.
    execFileSync('flock', [join(tmpdir(), 'ehr-x12-check.lock'), 'sh', '-c', `[ -f "${classpathFile}" ] && [ "${built}" -nt "${source}" ] || { rm -f "${classpathFile}"; mvn -q -B -f "${join(moduleDir, 'pom.xml')}" compile; }`], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 300_000,
    });
  }
  return `${classes}:${readFileSync(classpathFile, 'utf8').trim()}`;
}

/** Runs the checker on one interchange (837I or 835) and returns what it found. */
export function x12Check(kind: '837I' | '835', text: string): X12CheckResult {
  const file = join(mkdtempSync(join(tmpdir(), 'x12-')), `claim.${kind}.x12`);
  writeFileSync(file, text);
  const run = spawnSync('java', ['-cp', classpath(), 'org.ehr.x12check.X12Check', kind, file], { encoding: 'utf8', timeout: 60_000 });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (!line.startsWith('{')) throw new Error(`x12-check gave no result (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(line) as X12CheckResult;
}

/** Fails the test unless the independent parser reads the file with no error and no not-used element. */
export function expectCleanX12(kind: '837I' | '835', text: string): X12CheckResult {
  const result = x12Check(kind, text);
  expect({ errors: result.errors, notUsed: result.notUsed }).toEqual({ errors: [], notUsed: [] });
  expect(result.loops).toBeGreaterThan(0);
  return result;
}
