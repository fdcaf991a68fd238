import pg from 'pg';
import { sqlIdentifier } from '../sql/pool.js';

/**
 * The PostgreSQL roles of the system (ADR 0027). Each service logs in as `ehr_<service>`, which
 * owns that service's schema and nothing else; the access audit (schema `gateway`) is owned by
 * `ehr_audit`, which only the gateway's migrations log in as; the gateway runs as `ehr_gateway`,
 * which may read and append to the audit and do nothing else. `ehr_event_readers` may read each
 * service's `events` table (only that table): the embedded transport's consumers need it, the
 * Kafka transport does not.
 */
export const databaseRoles = {
  service: (name: string) => sqlIdentifier(`ehr_${name}`),
  auditOwner: 'ehr_audit',
  gateway: 'ehr_gateway',
  eventReaders: 'ehr_event_readers',
} as const;

export interface RolePlan {
  /** The services, each getting `ehr_<name>` as the owner of schema `<name>`. */
  services: readonly string[];
  /**
   * true (the embedded transport): the services' roles join `ehr_event_readers`; false (Kafka):
   * they leave it; absent: membership is left as it is (several test stacks share one cluster).
   */
  eventReads?: boolean;
  /** Each login role's password; without it a role keeps the one it has (or signs in as pg_hba.conf allows). */
  password?: (role: string) => string | undefined;
}

/** The connection string each process uses: by service name, `gateway`, and `audit-owner` (the gateway's migrations). */
export type RoleUrls = Record<string, string>;

async function connected<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const withPath = (url: string, database: string, user?: string, password?: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user !== undefined) {
    u.username = user;
    u.password = password ? encodeURIComponent(password) : '';
  }
  return u.toString();
};

// Role names are cluster-wide; every provisioning (several test stacks at once) takes this lock
// in the maintenance database first, so two never alter one role together.
const rolesLock = 'ehr database roles';

/**
 * Creates (or brings up to date) the roles, then in the database of `adminUrl` the schemas with
 * their owners and the audit's rights. Run by an administrator (a superuser, or a role with
 * CREATEROLE owning the database); idempotent. Objects a schema already holds (created before
 * the roles existed, by whoever ran the migrations then) pass to the schema's owner.
 * Returns each process's connection string: same server and database, its own role.
 */
export async function provisionDatabaseRoles(adminUrl: string, plan: RolePlan): Promise<RoleUrls> {
  const database = decodeURIComponent(new URL(adminUrl).pathname.slice(1)) || 'postgres';
  const owners = new Map([...plan.services.map((s) => [sqlIdentifier(s), databaseRoles.service(s)] as const), ['gateway', databaseRoles.auditOwner] as const]);
  const logins = [...owners.values(), databaseRoles.gateway];

  await connected(withPath(adminUrl, 'postgres'), async (c) => {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [rolesLock]);
    for (const role of [...logins, databaseRoles.eventReaders]) {
      const { rowCount } = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (!rowCount) await c.query(`CREATE ROLE ${role}`);
    }
    // Nothing that reaches past its own schema: no superuser, no new databases or roles, no replication, no row-security bypass.
    const limits = 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';
    await c.query(`ALTER ROLE ${databaseRoles.eventReaders} NOLOGIN ${limits}`);
    for (const role of logins) {
      const password = plan.password?.(role);
      await c.query(`ALTER ROLE ${role} LOGIN INHERIT ${limits}${password ? ` PASSWORD ${c.escapeLiteral(password)}` : ''}`);
    }
    for (const service of plan.services) {
      const role = databaseRoles.service(service);
      if (plan.eventReads === true) await c.query(`GRANT ${databaseRoles.eventReaders} TO ${role}`);
      if (plan.eventReads === false) await c.query(`REVOKE ${databaseRoles.eventReaders} FROM ${role}`);
    }
    await c.query('COMMIT');
  });

  await connected(adminUrl, async (c) => {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${rolesLock}:${database}`]);
    const db = c.escapeIdentifier(database);
    // Only the schemas' owners create anything, and only in their own schema.
    await c.query(`REVOKE CREATE ON DATABASE ${db} FROM PUBLIC`);
    await c.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    for (const role of logins) await c.query(`GRANT CONNECT ON DATABASE ${db} TO ${role}`);
    for (const [schema, owner] of owners) {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${owner}`);
      await c.query(`ALTER SCHEMA ${schema} OWNER TO ${owner}`);
      await c.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
      await reassignSchemaObjects(c, schema, owner);
    }
    // The gateway reads and appends to the audit; the owner's later tables are readable and appendable, never changeable.
    await c.query(`GRANT USAGE ON SCHEMA gateway TO ${databaseRoles.gateway}`);
    await c.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${databaseRoles.auditOwner} IN SCHEMA gateway GRANT SELECT, INSERT ON TABLES TO ${databaseRoles.gateway}`);
    await c.query('COMMIT');
  });

  const urls: RoleUrls = {};
  for (const service of plan.services) urls[service] = withPath(adminUrl, database, databaseRoles.service(service), plan.password?.(databaseRoles.service(service)));
  urls.gateway = withPath(adminUrl, database, databaseRoles.gateway, plan.password?.(databaseRoles.gateway));
  urls['audit-owner'] = withPath(adminUrl, database, databaseRoles.auditOwner, plan.password?.(databaseRoles.auditOwner));
  return urls;
}

/** Tables, views, sequences and functions of `schema` owned by anyone else pass to `owner`. */
async function reassignSchemaObjects(c: pg.Client, schema: string, owner: string): Promise<void> {
  const { rows } = await c.query<{ statement: string }>(
    `SELECT format('ALTER %s %s OWNER TO %I', kind, name, $2::text) AS statement FROM (
       SELECT CASE cl.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
              format('%I.%I', n.nspname, cl.relname) AS name
         FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE n.nspname = $1 AND cl.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(cl.relowner) <> $2
          -- a sequence owned by a column follows its table
          AND NOT (cl.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = cl.oid AND d.deptype IN ('a', 'i')))
       UNION ALL
       SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) <> $2
       UNION ALL
       SELECT 'TYPE', format('%I.%I', n.nspname, t.typname)
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = $1 AND t.typtype IN ('e', 'd', 'c') AND pg_get_userbyid(t.typowner) <> $2
          AND NOT EXISTS (SELECT 1 FROM pg_class cl WHERE cl.oid = t.typrelid AND cl.relkind <> 'c')
     ) objects`,
    [schema, owner],
  );
  for (const { statement } of rows) await c.query(statement);
}

/**
 * What a schema's owner grants on its own objects after its migrations: the `events` table to
 * `ehr_event_readers` (the embedded transport's consumers), when that role exists. Run as the
 * owner, it needs no administrator.
 */
export async function grantEventReads(client: pg.ClientBase | pg.Pool, schema: string): Promise<void> {
  const s = sqlIdentifier(schema);
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [databaseRoles.eventReaders]);
  if (!rowCount) return;
  await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${databaseRoles.eventReaders}`);
  await client.query(`GRANT SELECT ON ${s}.events TO ${databaseRoles.eventReaders}`);
}

/**
 * What the audit's owner grants after the gateway's migrations: the gateway reads and appends to
 * the log and the break-the-glass grants, and reads which migrations were applied. Only rights the
 * owner holds itself; the default privileges set by `provisionDatabaseRoles` cover the rest.
 */
export async function grantAuditAccess(client: pg.ClientBase | pg.Pool): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [databaseRoles.gateway]);
  if (!rowCount) return;
  const g = databaseRoles.gateway;
  await client.query(`GRANT USAGE ON SCHEMA gateway TO ${g}`);
  await client.query(`GRANT SELECT, INSERT ON gateway.audit_log, gateway.emergency_access TO ${g}`);
  await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON gateway.schema_migrations FROM ${g}`);
  await client.query(`GRANT SELECT ON gateway.schema_migrations TO ${g}`);
}
