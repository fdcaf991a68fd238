import type { PostgresEventStore } from './event-store/postgres/postgres-event-store.js';
import { migrateMessaging } from './messaging/messaging-schema.js';
import { migrateProjections } from './projections/projection-runner.js';
import type { Pool } from './sql/pool.js';
import { migrate, migrationsFromFolder } from './sql/migrate.js';

/**
 * Creates what a service keeps in its own schema, when missing: the event store, the event
 * bus bookkeeping (inbox, checkpoints, dead letters), projection checkpoints, and its read
 * models from the SQL files in its migrations folder.
 */
export async function migrateServiceSchema(options: { pool: Pool; store: PostgresEventStore; schema: string; migrationsDir: string }): Promise<void> {
  const { pool, store, schema } = options;
  await store.migrate();
  await migrateMessaging(pool, schema);
  await migrateProjections(pool, schema);
  await migrate(pool, schema, await migrationsFromFolder(options.migrationsDir));
}
