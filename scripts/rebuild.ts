// Drops and rebuilds a service's read models from its event store:
//   npm run rebuild -- <service> [projection]
// Uses DATABASE_URL (for the embedded start: postgres://postgres:postgres@127.0.0.1:54329/ehr).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPool, migrateProjections, PostgresEventStore, type Projection, rebuildProjection } from '@ehr/platform';

const [service, only] = process.argv.slice(2);
const fail = (message: string): never => {
  console.error(`rebuild: ${message}`);
  process.exit(2);
};
if (!service) fail('usage: npm run rebuild -- <service> [projection]');
const entry = join(import.meta.dirname, '..', 'services', service!, 'dist', 'projections', 'index.js');
if (!existsSync(entry)) fail(`no service "${service}" with built projections (looked for ${entry}; run npm run build first)`);
const databaseUrl = process.env.DATABASE_URL ?? fail('DATABASE_URL is not set; point it at the service database');

const { projections, schema } = (await import(pathToFileURL(entry).href)) as { projections: Projection[]; schema: string };
const chosen = only ? projections.filter((p) => p.name === only) : projections;
if (chosen.length === 0) fail(`service "${service}" has no projection "${only}"; it has: ${projections.map((p) => p.name).join(', ')}`);

const pool = createPool({ connectionString: databaseUrl, applicationName: 'rebuild' });
try {
  const store = new PostgresEventStore({ pool, schema });
  await migrateProjections(pool, schema);
  for (const projection of chosen) {
    const started = performance.now();
    const { events, applied } = await rebuildProjection({ store, pool, schema, projection });
    console.log(`${service}/${projection.name}: replayed ${events} events, applied ${applied}, in ${Math.round(performance.now() - started)} ms`);
  }
} finally {
  await pool.end();
}
