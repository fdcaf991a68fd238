import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { startLocalKafka } from '../infra/kafka-broker.js';
import { createPool, type Pool } from '../sql/pool.js';
import { createScratchDatabase } from '../sql/databases.js';

export interface ProvisionedInfrastructure {
  env: Record<string, string>;
  /** What was used, for the test log. */
  summary: string[];
  teardown(): Promise<void>;
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * PostgreSQL and Kafka for integration tests, in this order: what the environment names
 * (DATABASE_URL, KAFKA_BROKERS); else containers when a Docker engine answers; else local
 * processes (embedded PostgreSQL, the Kafka broker from infra/).
 */
export async function provisionTestInfrastructure(): Promise<ProvisionedInfrastructure> {
  const env: Record<string, string> = {};
  const summary: string[] = [];
  const stops: Array<() => Promise<unknown>> = [];
  const docker = (!process.env.DATABASE_URL || !process.env.KAFKA_BROKERS) && (await dockerAnswers());

  if (process.env.DATABASE_URL) {
    summary.push('PostgreSQL from DATABASE_URL');
  } else if (docker) {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer('postgres:17')
      .withEnvironment({ POSTGRES_PASSWORD: 'postgres' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
      .start();
    env.DATABASE_URL = `postgres://postgres:postgres@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
    stops.push(() => container.stop());
    summary.push('PostgreSQL in a container');
  } else {
    const server = await startEmbeddedPostgres({ dataDir: join(tmpdir(), `ehr-test-pg-${randomUUID()}`), persistent: false });
    env.DATABASE_URL = server.url;
    stops.push(() => server.stop());
    summary.push('embedded PostgreSQL');
  }

  if (process.env.KAFKA_BROKERS) {
    summary.push('Kafka from KAFKA_BROKERS');
  } else if (docker) {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer('apache/kafka:4.1.0').withExposedPorts(9092).withWaitStrategy(Wait.forListeningPorts()).start();
    env.KAFKA_BROKERS = `${container.getHost()}:${container.getMappedPort(9092)}`;
    stops.push(() => container.stop());
    summary.push('Kafka in a container');
  } else {
    try {
      const broker = await startLocalKafka();
      env.KAFKA_BROKERS = broker.brokers;
      stops.push(() => broker.stop());
      summary.push('Kafka from infra/kafka.sh');
    } catch (error) {
      env.KAFKA_UNAVAILABLE = `no KAFKA_BROKERS, no Docker, and infra/kafka.sh failed: ${(error as Error).message.split('\n')[0]}`;
      summary.push(`NO KAFKA: ${env.KAFKA_UNAVAILABLE}`);
    }
  }
  return {
    env,
    summary,
    teardown: async () => {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}

export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test server, so suites never see each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run integration tests through the test command, which provisions PostgreSQL');
  const database = await createScratchDatabase(serverUrl, 'ehr_test');
  const pool = createPool({ connectionString: database.url, applicationName: 'test', max: 20 });
  return {
    url: database.url,
    pool,
    drop: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

/**
 * The Kafka brokers for a test, or null with a loud reason. With REQUIRE_KAFKA=1 (as in CI)
 * a missing Kafka is a failure, not a skip.
 */
export function kafkaBrokersOrSkip(suite: string): string[] | null {
  const brokers = process.env.KAFKA_BROKERS;
  if (brokers) return brokers.split(',');
  const reason = process.env.KAFKA_UNAVAILABLE ?? 'KAFKA_BROKERS is not set';
  if (process.env.REQUIRE_KAFKA === '1') throw new Error(`${suite} needs Kafka and REQUIRE_KAFKA=1: ${reason}`);
  console.warn(`\n*** SKIPPING "${suite}": it needs Kafka. ${reason}. Start one with: npm run kafka:start ***\n`);
  return null;
}
