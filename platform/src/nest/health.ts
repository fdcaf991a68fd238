import type { Kafka } from 'kafkajs';
import type { Pool } from '../sql/pool.js';

export interface CheckResult {
  status: 'up' | 'down' | 'not-configured';
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { database: CheckResult; kafka: CheckResult };
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
export async function healthOf(pool: Pool, kafka: Kafka | null): Promise<HealthReport> {
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
  return { status: ok ? 'ok' : 'unavailable', checks: { database, kafka: kafkaCheck } };
}
