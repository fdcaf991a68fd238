// Creates the system's PostgreSQL roles and gives each schema its owner (ADR 0027); run once by
// the DBA before the first install, and again whenever a service is added. Idempotent.
//   ADMIN_DATABASE_URL=postgres://admin@db:5432/ehr \
//   EHR_ADT_PASSWORD=... EHR_ORDERS_PASSWORD=... EHR_MAR_PASSWORD=... EHR_ED_PASSWORD=... \
//   EHR_REVENUE_PASSWORD=... EHR_GATEWAY_PASSWORD=... EHR_AUDIT_PASSWORD=... node infra/db-roles.mjs
// A role whose EHR_<ROLE>_PASSWORD is unset keeps its password. EMBEDDED_TRANSPORT=true lets the
// services read each other's event tables (no Kafka); by default they may not. It prints each
// process's connection string without its password: put them (with it) in the chart's Secret.
import { provisionDatabaseRoles } from '@ehr/platform';

const adminUrl = process.env.ADMIN_DATABASE_URL;
if (!adminUrl || !/^postgres(ql)?:\/\//.test(adminUrl)) {
  process.stderr.write('config error:\n  ADMIN_DATABASE_URL must be the postgres:// URL of an administrator of the EHR database\n');
  process.exit(1);
}
const services = (process.env.EHR_SERVICES ?? 'adt,orders,mar,ed,revenue').split(',').map((s) => s.trim());
const urls = await provisionDatabaseRoles(adminUrl, {
  services,
  eventReads: process.env.EMBEDDED_TRANSPORT === 'true',
  password: (role) => process.env[`${role.toUpperCase()}_PASSWORD`] || undefined,
});
for (const [process_, url] of Object.entries(urls)) {
  const shown = new URL(url);
  shown.password = '';
  console.log(`${process_.padEnd(12)} ${shown}`);
}
