import type { PostgresEventStore } from './event-store/postgres/postgres-event-store.js';
import { grantAuditAccess, grantEventReads } from './infra/database-roles.js';
import { migrateMessaging } from './messaging/messaging-schema.js';
import { migrateProjections } from './projections/projection-runner.js';
import type { Pool } from './sql/pool.js';
import { migrate, migrationsFromFolder } from './sql/migrate.js';

/**
 * Creates what a service keeps in its own schema, when missing: the event store, the event
 * bus bookkeeping (inbox, checkpoints, dead letters), projection checkpoints, and its read
 * models from the SQL files in its migrations folder. Run as the schema's owner (the service's
 * own role, ADR 0027), which then lets the embedded transport's consumers read its events.
 */
export async function migrateServiceSchema(options: { pool: Pool; store: PostgresEventStore; schema: string; migrationsDir: string }): Promise<void> {
  const { pool, store, schema } = options;
  await store.migrate();
  await migrateMessaging(pool, schema);
  await migrateProjections(pool, schema);
  await migrate(pool, schema, await migrationsFromFolder(options.migrationsDir));
  await grantEventReads(pool, schema);
}

/** The access audit's migrations (schema `gateway`), run as its owner, then the gateway's rights on it. */
export async function migrateAuditSchema(pool: Pool, migrationsDir: string): Promise<string[]> {
  const applied = await migrate(pool, 'gateway', await migrationsFromFolder(migrationsDir));
  await grantAuditAccess(pool);
  return applied;
}

/**
 * What the gateway does at start: as the audit's owner (or a superuser, in development) it applies
 * the audit's migrations; as `ehr_gateway`, which may not change the schema, it checks that they
 * were applied (by the migration Job, as the owner) and refuses to start, naming them, if not.
 */
export async function migrateOrVerifyAuditSchema(pool: Pool, migrationsDir: string): Promise<void> {
  const { rows } = await pool.query<{ may_migrate: boolean }>(
    `SELECT coalesce((SELECT pg_has_role(current_user, nspowner, 'USAGE') FROM pg_namespace WHERE nspname = 'gateway'),
                     has_database_privilege(current_database(), 'CREATE')) AS may_migrate`,
  );
  if (rows[0]?.may_migrate) {
    await migrateAuditSchema(pool, migrationsDir);
    return;
  }
  const expected = (await migrationsFromFolder(migrationsDir)).map((m) => m.name);
  const { rows: done } = await pool.query<{ name: string }>('SELECT name FROM gateway.schema_migrations').catch((error: Error) => {
    throw new Error(`the access audit's schema is not readable by this role (${error.message}): run infra/migrate.mjs with SERVICE_NAME=gateway as the audit's owner first`);
  });
  const missing = expected.filter((name) => !done.some((d) => d.name === name));
  if (missing.length > 0) throw new Error(`the access audit's migrations ${missing.join(', ')} are not applied: run infra/migrate.mjs with SERVICE_NAME=gateway as the audit's owner (MIGRATION_DATABASE_URL) first`);
}
