// Prints a benchmark's figures as a table and writes them to bench-results/<name>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Figure {
  metric: string;
  value: number;
  unit: string;
  /** The target, read with `atLeast` (throughput) or `atMost` (latency). */
  target?: { atLeast?: number; atMost?: number };
}

const met = (f: Figure): boolean | null =>
  f.target === undefined ? null : (f.target.atLeast === undefined || f.value >= f.target.atLeast) && (f.target.atMost === undefined || f.value <= f.target.atMost);

export function writeReport(name: string, figures: Figure[], context: Record<string, unknown> = {}): void {
  const rows = figures.map((f) => ({
    metric: f.metric,
    value: `${f.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${f.unit}`,
    target: f.target ? (f.target.atLeast !== undefined ? `>= ${f.target.atLeast.toLocaleString('en-US')}` : `<= ${f.target.atMost!.toLocaleString('en-US')}`) : '',
    met: met(f) === null ? '' : met(f) ? 'yes' : 'NO',
  }));
  const widths = (['metric', 'value', 'target', 'met'] as const).map((k) => Math.max(k.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${name}`);
  console.log(line(['metric', 'value', 'target', 'met']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line([r.metric, r.value, r.target, r.met]));
  const folder = join(import.meta.dirname, '..', '..', 'bench-results');
  mkdirSync(folder, { recursive: true });
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  writeFileSync(
    join(folder, `${name}.json`),
    JSON.stringify({ name, at: new Date().toISOString(), machine, context, figures: figures.map((f) => ({ ...f, met: met(f) })) }, null, 2),
  );
  console.log(`\nwritten to bench-results/${name}.json`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 50);
