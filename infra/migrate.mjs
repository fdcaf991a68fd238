// Applies one process's schema migrations, then exits: what each service also does when it
// starts, run ahead of a rollout (the chart's migration Jobs, compose's migrate step). It reads
// the service's own settings (SERVICE_NAME, DATABASE_URL, ...): adt, orders, mar, ed and revenue
// get their event store, event-bus bookkeeping, projection checkpoints and read models; the
// gateway its access audit. Migrations run as the schema's owner (ADR 0027): a service's own
// role; for the gateway, whose own role may only read and append, MIGRATION_DATABASE_URL names
// the audit's owner (ehr_audit) and is used instead of DATABASE_URL when set.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { baseConfigSchema, createPool, loadConfigOrExit, migrateAuditSchema, migrateServiceSchema, PostgresEventStore } from '@ehr/platform';

const config = loadConfigOrExit(baseConfigSchema);
const name = config.SERVICE_NAME;
const root = join(import.meta.dirname, '..');
const folder = name === 'gateway' ? join(root, 'gateway', 'migrations') : join(root, 'services', name, 'migrations');
if (!existsSync(folder)) {
  process.stderr.write(`config error:\n  SERVICE_NAME names no service with migrations (got "${name}"; expected adt, orders, mar, ed, revenue or gateway)\n`);
  process.exit(1);
}
const migrationUrl = process.env.MIGRATION_DATABASE_URL || config.DATABASE_URL;
if (!/^postgres(ql)?:\/\//.test(migrationUrl)) {
  process.stderr.write('config error:\n  MIGRATION_DATABASE_URL must be a postgres:// URL\n');
  process.exit(1);
}

const pool = createPool({ connectionString: migrationUrl, applicationName: `${name}-migrate` });
try {
  if (name === 'gateway') await migrateAuditSchema(pool, folder);
  else await migrateServiceSchema({ pool, store: new PostgresEventStore({ pool, schema: name }), schema: name, migrationsDir: folder });
  console.log(JSON.stringify({ level: 'info', service: name, msg: 'migrations applied' }));
} finally {
  await pool.end();
}
