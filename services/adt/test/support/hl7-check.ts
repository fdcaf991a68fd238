import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const module = join(import.meta.dirname, '..', '..', '..', '..', 'tools', 'hl7-check');

/** What the HAPI receiver made of one message. */
export interface Hl7Verdict {
  controlId: string;
  trigger: string;
  ack: 'AA' | 'AE';
  familyName: string | null;
  errors: string[];
}

export interface Hl7Check {
  port: number;
  verdicts: Hl7Verdict[];
  /** Resolves once the receiver has judged `count` messages. */
  waitFor(count: number, timeoutMs?: number): Promise<Hl7Verdict[]>;
  stop(): Promise<void>;
}

/**
 * Starts tools/hl7-check, a strict HL7 v2.5.1 receiver on HAPI with validation on, on a free port.
 * The jar and its dependencies are built once and come from ~/.m2 after that.
 */
export async function startHl7Check(): Promise<Hl7Check> {
  const jar = join(module, 'target', 'hl7-check-0.1.0.jar');
  const classpathFile = join(module, 'target', 'classpath.txt');
  if (!existsSync(jar) || !existsSync(classpathFile)) {
    execFileSync('mvn', ['-q', '-B', '-f', join(module, 'pom.xml'), 'package', 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], { stdio: 'inherit' });
  }
  const child = spawn('java', ['-cp', `${jar}:${readFileSync(classpathFile, 'utf8').trim()}`, 'org.ehr.tools.hl7check.Receiver', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const verdicts: Hl7Verdict[] = [];
  const waiters: Array<() => void> = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`hl7-check exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const parsed = JSON.parse(line) as { listening?: number } & Hl7Verdict;
      if (parsed.listening !== undefined) return resolve(parsed.listening);
      verdicts.push(parsed);
      waiters.splice(0).forEach((w) => w());
    });
  });
  return {
    port,
    verdicts,
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (verdicts.length < count) {
        if (Date.now() > deadline) throw new Error(`hl7-check judged ${verdicts.length} of ${count} messages`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 250);
        });
      }
      return verdicts;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
