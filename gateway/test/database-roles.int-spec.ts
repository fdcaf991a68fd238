// ADR 0027 against a real PostgreSQL: each service's role owns only its schema, the gateway's role
// may only read and append to the access audit, migrations run as the owners.
import { join } from 'node:path';
import type { DatabaseError } from 'pg';
import { createPool, databaseRoles, migrateAuditSchema, migrateOrVerifyAuditSchema, migrateServiceSchema, type Pool, PostgresEventStore, provisionDatabaseRoles, type RoleUrls } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';

const repo = join(import.meta.dirname, '..', '..');
const services = ['adt', 'orders', 'mar', 'ed', 'revenue'];
const password = (role: string) => `${role}-test-password`;

let db: TestDatabase;
let urls: RoleUrls;
const pools = new Map<string, Pool>();
const as = (process: string) => {
  if (!pools.has(process)) pools.set(process, createPool({ connectionString: urls[process]!, applicationName: `roles-test-${process}`, max: 2 }));
  return pools.get(process)!;
};
/** The server's own answer to `sql` run as `process`: 'ok' or the SQLSTATE and message it refused with. */
const attempt = (process: string, sql: string) =>
  as(process)
    .query(sql)
    .then(
      () => 'ok',
      (error: DatabaseError) => `${error.code} ${error.message}`,
    );

beforeAll(async () => {
  db = await createTestDatabase();
  urls = await provisionDatabaseRoles(db.url, { services, password });
  // Migrations as each schema's owner, as the services do at start and the chart's Jobs before a rollout.
  for (const service of services) {
    const pool = as(service);
    await migrateServiceSchema({ pool, store: new PostgresEventStore({ pool, schema: service }), schema: service, migrationsDir: join(repo, 'services', service, 'migrations') });
  }
  await migrateAuditSchema(as('audit-owner'), join(repo, 'gateway', 'migrations'));
});
afterAll(async () => {
  for (const pool of pools.values()) await pool.end();
  await db?.drop();
});

const readModelOf = async (schema: string) => {
  const { rows } = await db.pool.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = $1 AND tablename NOT IN ('events', 'schema_migrations') ORDER BY tablename LIMIT 1`, [schema]);
  return `${schema}.${rows[0]!.t}`;
};

test("each service's role owns its schema and everything in it, and connects as itself", async () => {
  for (const service of services) {
    const { rows } = await as(service).query<{ me: string; owner: string; foreign: string }>(
      `SELECT current_user AS me, pg_get_userbyid(n.nspowner) AS owner,
              (SELECT string_agg(DISTINCT pg_get_userbyid(c.relowner), ',') FROM pg_class c WHERE c.relnamespace = n.oid AND pg_get_userbyid(c.relowner) <> current_user) AS foreign
         FROM pg_namespace n WHERE n.nspname = $1`,
      [service],
    );
    expect(rows[0]).toEqual({ me: `ehr_${service}`, owner: `ehr_${service}`, foreign: null });
    expect(await attempt(service, `CREATE TABLE ${service}.roles_test_scratch (x int); DROP TABLE ${service}.roles_test_scratch`)).toBe('ok');
    expect(await attempt(service, `SELECT count(*) FROM ${await readModelOf(service)}`)).toBe('ok');
  }
});

test("no service's role reads or writes another service's schema, or the audit, or creates a schema", async () => {
  let refusals = 0;
  for (const service of services) {
    for (const other of services.filter((s) => s !== service)) {
      const readModel = await readModelOf(other);
      expect(await attempt(service, `SELECT * FROM ${readModel} LIMIT 1`)).toMatch(/^42501 permission denied for (schema|table)/);
      expect(await attempt(service, `INSERT INTO ${other}.events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at) VALUES ('x', 1, gen_random_uuid(), 'x', 1, '{}', '{}', now())`)).toMatch(/^42501 permission denied/);
      expect(await attempt(service, `DELETE FROM ${other}.events`)).toMatch(/^42501 permission denied/);
      expect(await attempt(service, `CREATE TABLE ${other}.planted (x int)`)).toMatch(/^42501 permission denied for schema/);
      expect(await attempt(service, `ALTER TABLE ${readModel} ADD COLUMN planted int`)).toMatch(/^42501 (permission denied|must be owner)/);
      // The event table is readable only through ehr_event_readers (the embedded transport), never written.
      const { rows } = await db.pool.query<{ member: boolean }>(`SELECT pg_has_role($1, $2, 'MEMBER') AS member`, [`ehr_${service}`, databaseRoles.eventReaders]);
      expect(await attempt(service, `SELECT count(*) FROM ${other}.events`)).toMatch(rows[0]!.member ? /^ok$/ : /^42501 permission denied/);
      refusals += 5;
    }
    expect(await attempt(service, 'SELECT * FROM gateway.audit_log LIMIT 1')).toMatch(/^42501 permission denied for schema gateway/);
    expect(await attempt(service, `INSERT INTO gateway.audit_log (fields, patient_ids, outcome) VALUES ('{}', '{}', 'ok')`)).toMatch(/^42501 permission denied for schema gateway/);
    expect(await attempt(service, 'CREATE SCHEMA planted')).toMatch(/^42501 permission denied for database/);
    expect(await attempt(service, 'CREATE TABLE public.planted (x int)')).toMatch(/^42501 permission denied for schema public/);
    refusals += 4;
  }
  expect(refusals).toBe(services.length * (4 * 5 + 4));
  // What the embedded transport is granted is the event table alone.
  for (const service of services) {
    const { rows } = await db.pool.query<{ events: boolean; readModel: boolean }>(
      `SELECT has_table_privilege($1, $2, 'SELECT') AS events, has_table_privilege($1, $3, 'SELECT') AS "readModel"`,
      [databaseRoles.eventReaders, `${service}.events`, await readModelOf(service)],
    );
    expect(rows[0]).toEqual({ events: true, readModel: false });
  }
});

test("the gateway's role reads and appends to the audit, and cannot change or remove an entry", async () => {
  expect(await attempt('gateway', `INSERT INTO gateway.audit_log (actor_id, fields, patient_ids, outcome) VALUES ('roles-test', '{}', '{P1}', 'ok')`)).toBe('ok');
  expect(await attempt('gateway', `SELECT * FROM gateway.audit_log WHERE actor_id = 'roles-test'`)).toBe('ok');
  expect(await attempt('gateway', `SELECT * FROM gateway.audit_chain_breaks()`)).toBe('ok');
  expect(await attempt('gateway', `INSERT INTO gateway.emergency_access (user_id, user_role, patient_id, reason, expires_at) VALUES ('u', 'nurse', 'P1', 'cardiac arrest in the hall', now() + interval '1 hour')`)).toBe('ok');
  // Refused by the server's privileges, before the append-only trigger is even asked.
  for (const sql of [
    `UPDATE gateway.audit_log SET actor_id = 'someone else'`,
    'DELETE FROM gateway.audit_log',
    'TRUNCATE gateway.audit_log',
    `UPDATE gateway.emergency_access SET reason = 'nothing to see here'`,
    'DELETE FROM gateway.emergency_access',
  ]) {
    expect(await attempt('gateway', sql)).toMatch(/^42501 permission denied for table (audit_log|emergency_access)$/);
  }
  expect(await attempt('gateway', `INSERT INTO gateway.schema_migrations (name, checksum) VALUES ('9999-skip.sql', 'x')`)).toMatch(/^42501 permission denied for table schema_migrations/);
  expect(await attempt('gateway', 'ALTER TABLE gateway.audit_log DISABLE TRIGGER audit_log_append_only')).toMatch(/^42501 must be owner/);
  expect(await attempt('gateway', 'CREATE TABLE gateway.planted (x int)')).toMatch(/^42501 permission denied for schema gateway/);
  expect(await attempt('gateway', 'DROP FUNCTION gateway.audit_chain_breaks()')).toMatch(/^42501 must be owner/);
  for (const service of services) expect(await attempt('gateway', `SELECT count(*) FROM ${service}.events`)).toMatch(/^42501 permission denied for schema/);
  // The audit's owner is a role no service has, and the gateway is not it either.
  const { rows } = await db.pool.query<{ role: string; member: boolean }>(`SELECT r AS role, pg_has_role(r, $1, 'MEMBER') AS member FROM unnest($2::text[]) r`, [databaseRoles.auditOwner, [...services.map((s) => `ehr_${s}`), databaseRoles.gateway]]);
  expect(rows.filter((r) => r.member)).toEqual([]);
});

test('the gateway as its own role checks that the owner migrated the audit, and refuses to start naming what is missing', async () => {
  const fresh = await createTestDatabase();
  try {
    const freshUrls = await provisionDatabaseRoles(fresh.url, { services, password });
    const gateway = createPool({ connectionString: freshUrls.gateway!, applicationName: 'roles-test-fresh-gateway', max: 1 });
    const owner = createPool({ connectionString: freshUrls['audit-owner']!, applicationName: 'roles-test-fresh-owner', max: 1 });
    try {
      await expect(migrateOrVerifyAuditSchema(gateway, join(repo, 'gateway', 'migrations'))).rejects.toThrow(/0001-audit-log\.sql.*not applied|not readable by this role/);
      await migrateAuditSchema(owner, join(repo, 'gateway', 'migrations'));
      await expect(migrateOrVerifyAuditSchema(gateway, join(repo, 'gateway', 'migrations'))).resolves.toBeUndefined();
    } finally {
      await gateway.end();
      await owner.end();
    }
  } finally {
    await fresh.drop();
  }
});
