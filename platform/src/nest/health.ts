import type { Kafka } from 'kafkajs';
import type { MessagingBacklog } from '../messaging/dead-letters.js';
import type { Pool } from '../sql/pool.js';

export interface CheckResult {
  status: 'up' | 'down' | 'not-configured';
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { database: CheckResult; kafka: CheckResult };
  /** Events waiting for a predecessor and open dead letters: shown, not a reason to restart the service. */
  messaging?: MessagingBacklog;
}

const withTimeout = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref())]);

async function check(work: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await work();
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  }
}

/** Is the database answering, and Kafka when the service uses it? */
export async function healthOf(pool: Pool, kafka: Kafka | null, messaging?: { backlog(): Promise<MessagingBacklog> } | null): Promise<HealthReport> {
  const [database, kafkaCheck] = await Promise.all([
    check(() => withTimeout(pool.query('SELECT 1'), 2_000, 'PostgreSQL')),
    kafka
      ? check(async () => {
          const admin = kafka.admin();
          try {
            await withTimeout(admin.connect().then(() => admin.describeCluster()), 2_000, 'Kafka');
          } finally {
            await admin.disconnect().catch(() => undefined);
          }
        })
      : Promise.resolve<CheckResult>({ status: 'not-configured' }),
  ]);
  const ok = database.status === 'up' && kafkaCheck.status !== 'down';
  const backlog = database.status === 'up' && messaging ? await withTimeout(messaging.backlog(), 3_000, 'the messaging backlog').catch(() => undefined) : undefined;
  return { status: ok ? 'ok' : 'unavailable', checks: { database, kafka: kafkaCheck }, ...(backlog ? { messaging: backlog } : {}) };
}
