import { Kafka, logLevel } from 'kafkajs';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EventEnvelope } from '@ehr/contracts';
import type { NewEvent } from '../../src/event-store/event-store.js';
import type { EventHandler } from '../../src/messaging/inbox.js';
import type { Pool } from '../../src/sql/pool.js';

export const quietKafka = (brokers: string[]): Kafka =>
  new Kafka({ clientId: `test-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 200 } });

/** A service name no other test uses, so topics and consumer groups are private. */
export const uniqueService = (prefix: string): string => `${prefix}${randomUUID().replaceAll('-', '').slice(0, 10)}`;

export const patientEvent = (patientId: string, n: number): NewEvent => ({
  type: 'test.thing.happened',
  schemaVersion: 1,
  data: { n },
  metadata: { patientId, actor: { id: 'u1', role: 'nurse' }, correlationId: randomUUID() },
});

/** A read model that counts every application of every event, in the order applied. */
export async function createAppliedTable(pool: Pool, schema: string): Promise<void> {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await pool.query(`CREATE TABLE ${schema}.applied (
    event_id uuid PRIMARY KEY, patient_id text, n integer, applied_count integer NOT NULL DEFAULT 1,
    seq bigint GENERATED ALWAYS AS IDENTITY)`);
}

export function recordingHandler(schema: string, options: { name?: string; fail?: (event: EventEnvelope) => boolean } = {}): EventHandler {
  return {
    name: options.name ?? 'recorder',
    async apply(tx, event) {
      if (options.fail?.(event)) throw new Error(`refusing event ${(event.data as { n: number }).n}`);
      await tx.query(
        `INSERT INTO ${schema}.applied (event_id, patient_id, n) VALUES ($1, $2, $3)
         ON CONFLICT (event_id) DO UPDATE SET applied_count = ${schema}.applied.applied_count + 1`,
        [event.eventId, event.patientId, (event.data as { n: number }).n],
      );
    },
  };
}

export async function appliedSummary(pool: Pool, schema: string): Promise<{ rows: number; maxApplied: number; outOfOrderPatients: string[] }> {
  const { rows } = await pool.query<{ patient_id: string; n: number; applied_count: number }>(`SELECT patient_id, n, applied_count FROM ${schema}.applied ORDER BY seq`);
  const last = new Map<string, number>();
  const outOfOrder = new Set<string>();
  for (const r of rows) {
    if ((last.get(r.patient_id) ?? -1) > r.n) outOfOrder.add(r.patient_id);
    last.set(r.patient_id, r.n);
  }
  return { rows: rows.length, maxApplied: Math.max(0, ...rows.map((r) => r.applied_count)), outOfOrderPatients: [...outOfOrder] };
}

export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`gave up waiting: ${what}`);
}

/** What a drill is judged by: events appended, applied (distinct), lost and applied more than once. */
export async function drillCounts(pool: Pool, schema: string, appended: number): Promise<{ appended: number; applied: number; lost: number; duplicated: number }> {
  const { rows } = await pool.query<{ applied: number; duplicated: number }>(
    `SELECT count(*)::int AS applied, coalesce(sum(applied_count - 1), 0)::int AS duplicated FROM ${schema}.applied`,
  );
  return { appended, applied: rows[0]!.applied, lost: appended - rows[0]!.applied, duplicated: rows[0]!.duplicated };
}

/** A script of test/support in its own process, resolved once it says it started; `kill` ends it as a crash would. */
export function supportProcess(script: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(import.meta.dirname, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

export async function killProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
