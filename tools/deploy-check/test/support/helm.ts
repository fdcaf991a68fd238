// The chart rendered by a real helm: tools/deploy-check's Java checker (helm-java ships helm's
// linux-amd64 library) runs `helm lint --strict`, then `helm template` once per values file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './repo.js';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export interface Rendering {
  lint: string[];
  /** The manifests of each rendering, by name ("default" = the chart's own values). */
  manifests: Map<string, Manifest[]>;
  /** Helm's message for each rendering it refused. */
  refused: Map<string, string>;
}

export const chartDir = join(repoRoot, 'charts', 'ehr');

/** Lints the chart and renders it with its own values and each of `variants` (name -> values YAML). */
export function renderChart(variants: Record<string, string>): Rendering {
  const work = mkdtempSync(join(tmpdir(), 'ehr-chart-'));
  const args = [chartDir, join(work, 'out')];
  for (const [name, values] of Object.entries(variants)) {
    const file = join(work, `${name}.values.yaml`);
    writeFileSync(file, values);
    args.push(`${name}=${file}`);
  }
  const pom = join(repoRoot, 'tools', 'deploy-check', 'pom.xml');
  const run = spawnSync('mvn', ['-q', '-B', '-f', pom, 'compile', 'exec:java', `-Dexec.args=${args.map((a) => `'${a}'`).join(' ')}`], { cwd: work, encoding: 'utf8', timeout: 170_000 });
  if (run.error) throw new Error(`could not run Maven (needs Java 17+ and mvn on PATH): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`the chart checker failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  const out = join(work, 'out');
  const manifests = new Map<string, Manifest[]>();
  const refused = new Map<string, string>();
  for (const name of ['default', ...Object.keys(variants)]) {
    if (existsSync(join(out, `${name}.error`))) refused.set(name, readFileSync(join(out, `${name}.error`), 'utf8'));
    else manifests.set(name, parseAllDocuments(readFileSync(join(out, `${name}.yaml`), 'utf8')).map((d) => d.toJS() as Manifest).filter(Boolean));
  }
  return { lint: readFileSync(join(out, 'lint.txt'), 'utf8').split('\n').filter(Boolean), manifests, refused };
}
