// Gateway benchmark: what authorization and the PHI access audit add to one query at 50
// concurrent clients (p50/p99 with and without, % added; target <= 15% added p99), and how
// long the limits take to refuse a fragment bomb, an alias flood and a deep query (< 100 ms).
// The ADT subgraph runs as its own PostgreSQL role, the audit is written as ehr_gateway.
// Needs the built services and gateway (npm run build).
//   npm run bench:gateway          (BENCH_GATEWAY_REQUESTS per client and round, default 10; BENCH_GATEWAY_ROUNDS, default 8)
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { decideAccess } from '@ehr/contracts';
import { createPool, freePort, migrateAuditSchema, provisionDatabaseRoles, signIdentity } from '@ehr/platform';
import { type RunningService, startServiceProcess } from '@ehr/platform/testing';
import { benchDatabase } from './database.ts';
import { type Figure, percentile, writeReport } from './report.ts';

const clients = 50;
// Short rounds, the variants' order alternating, so a shared machine's drift falls on all three alike.
const requestsPerClient = Number(process.env.BENCH_GATEWAY_REQUESTS ?? 10);
const rounds = Number(process.env.BENCH_GATEWAY_ROUNDS ?? 8);
const secret = 'bench-gateway-secret-0123456789abcdef';
const repo = join(import.meta.dirname, '..', '..');
const variants = ['none', 'authz', 'full'] as const;
type Variant = (typeof variants)[number];

const database = await benchDatabase();
const urls = await provisionDatabaseRoles(database.url, { services: ['adt'], password: (role) => `${role}-test-password` });
const owner = createPool({ connectionString: urls['audit-owner']!, applicationName: 'bench-audit-owner' });
await migrateAuditSchema(owner, join(repo, 'gateway', 'migrations')).finally(() => owner.end());
const started: RunningService[] = [];

/** A variant gateway (gateway-variant.ts) in its own process, once it answers. */
async function startVariant(variant: Variant, subgraphs: string): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(import.meta.dirname, 'gateway-variant.ts')], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), VARIANT: variant, SUBGRAPHS: subgraphs, GATEWAY_SHARED_SECRET: secret, DATABASE_URL: urls.gateway! },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i > 200) throw new Error(`the ${variant} gateway did not start`);
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, url, stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))) };
}

async function graphql(url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

try {
  const adt = await startServiceProcess({ main: join(repo, 'services', 'adt', 'dist', 'main.js'), port: await freePort(), env: { SERVICE_NAME: 'adt', DATABASE_URL: urls.adt!, GATEWAY_SHARED_SECRET: secret, SEED_DEMO_HOSPITAL: 'true' } });
  started.push(adt);
  const asRegistrar = signIdentity({ sub: 'bench', role: 'registrar', aud: 'adt', exp: Math.floor(Date.now() / 1000) + 240 }, secret);
  const registered = await graphql(adt.url, asRegistrar, `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ... on PatientRegistered { patient { id } } } }`, {
    d: { familyName: 'Benchmark', givenNames: ['Pat'], birthDate: '1948-02-03', sex: 'other' },
  });
  if (registered.errors) throw new Error(registered.errors[0]!.message);
  const patientId = (registered.data?.registerPatient as { patient: { id: string } }).patient.id;
  const subgraphs = `adt=${adt.url}/graphql`;
  const servers = new Map<Variant, RunningService>();
  for (const variant of variants) {
    const server = await startVariant(variant, subgraphs);
    started.push(server);
    servers.set(variant, server);
  }
  const gateway = await startServiceProcess({
    main: join(repo, 'gateway', 'dist', 'main.js'),
    port: await freePort(),
    env: { SERVICE_NAME: 'gateway', DATABASE_URL: urls.gateway!, GATEWAY_SHARED_SECRET: secret, SUBGRAPHS: subgraphs, AUTH_MODE: 'dev', NODE_ENV: 'development', RATE_LIMIT_PER_MINUTE: '100000' },
  });
  started.push(gateway);

  // The patient banner every chart screen asks for: the commonest read of PHI.
  const query = `query Banner($p: ID!) { patient(id: $p) { id mrn familyName givenNames birthDate sex encounters { id status class } } }`;
  const variables = { p: patientId };
  const tokenOf = async (url: string) => ((await (await fetch(`${url}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nurse' }) })).json()) as { access_token: string }).access_token;
  const headersOf = new Map<Variant, Record<string, string>>();
  for (const variant of variants) headersOf.set(variant, { authorization: `Bearer ${await tokenOf(servers.get(variant)!.url)}` });
  const check = await graphql(servers.get('full')!.url, headersOf.get('full')!, query, variables);
  if (check.errors || (check.data?.patient as { id?: string } | null)?.id !== patientId) throw new Error(`the benchmark query did not answer its patient: ${JSON.stringify(check).slice(0, 300)}`);

  /** 50 clients at once, each sending its requests one after another; every latency in ms. */
  async function load(variant: Variant, perClient: number): Promise<number[]> {
    const url = servers.get(variant)!.url;
    const headers = headersOf.get(variant)!;
    const samples: number[] = [];
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let i = 0; i < perClient; i++) {
          const t = performance.now();
          const answer = await graphql(url, headers, query, variables);
          samples.push(performance.now() - t);
          if (answer.errors) throw new Error(`${variant}: ${answer.errors[0]!.message}`);
        }
      }),
    );
    return samples;
  }
  const samples = new Map<Variant, number[]>(variants.map((v) => [v, []]));
  for (const variant of variants) await load(variant, 5); // warm-up: query plans, pools, JIT
  for (let round = 0; round < rounds; round++) {
    for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) samples.get(variant)!.push(...(await load(variant, requestsPerClient)));
  }
  const stat = (v: Variant) => {
    const sorted = [...samples.get(v)!].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
  };
  const none = stat('none');
  const authz = stat('authz');
  const full = stat('full');
  const added = (a: number, b: number) => ((a - b) / b) * 100;
  const admin = createPool({ connectionString: database.url, applicationName: 'bench-count', max: 1 });
  const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM gateway.audit_log WHERE operation_name = 'Banner'`).finally(() => admin.end());

  // The subgraph's own check, the same in every variant: one policy decision per field it resolves.
  const perAnswer: Array<[string, string]> = [['Query', 'patient'], ...['id', 'mrn', 'familyName', 'givenNames', 'birthDate', 'sex', 'encounters'].map((f): [string, string] => ['Patient', f])];
  const iterations = 20_000;
  const identity = { sub: 'nurse', role: 'nurse' as const };
  let t = performance.now();
  for (let i = 0; i < iterations; i++) for (const [type, field] of perAnswer) decideAccess(identity, type, field);
  const fieldChecksUs = ((performance.now() - t) / iterations) * 1000;

  // The limits, on the real gateway: how long until each abusive request is refused, round trip.
  const nurse = { authorization: `Bearer ${((await (await fetch(`${gateway.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nurse' }) })).json()) as { access_token: string }).access_token}` };
  await graphql(gateway.url, nurse, '{ bedBoard { id } }');
  const { fragmentBomb } = (await import(join(repo, 'gateway', 'dist', 'limits', 'fragment-bomb.js'))) as { fragmentBomb(levels: number): string };
  const abuses = {
    'fragment bomb (22 doublings, 4 M fields expanded)': fragmentBomb(22),
    'alias flood (500 aliased censuses)': `{ ${Array.from({ length: 500 }, (_, i) => `c${i}: census(date: "2026-03-01") { lines { unitId patients } }`).join(' ')} }`,
    'deep query (40 fields deep)': `{ bedBoard { ${'patient { encounters { '.repeat(19)}id${' } }'.repeat(19)} } }`,
  };
  const refusals: Figure[] = [];
  for (const [what, text] of Object.entries(abuses)) {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      const answer = await graphql(gateway.url, nurse, text);
      times.push(performance.now() - t);
      if (answer.errors?.[0]?.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED' && !/limit|tokens/.test(answer.errors?.[0]?.message ?? '')) throw new Error(`${what} was not refused: ${JSON.stringify(answer).slice(0, 200)}`);
    }
    times.sort((a, b) => a - b);
    refusals.push({ metric: `${what}: refused in, p50`, value: percentile(times, 50), unit: 'ms', target: { atMost: 100 } });
    refusals.push({ metric: `${what}: refused in, slowest of 20`, value: times[times.length - 1]!, unit: 'ms', target: { atMost: 100 } });
  }

  writeReport(
    'gateway',
    [
      { metric: 'no authorization, no audit: p50', value: none.p50, unit: 'ms' },
      { metric: 'no authorization, no audit: p99', value: none.p99, unit: 'ms' },
      { metric: 'authorization: p50', value: authz.p50, unit: 'ms' },
      { metric: 'authorization: p99', value: authz.p99, unit: 'ms' },
      { metric: 'authorization: added p99', value: added(authz.p99, none.p99), unit: '%', target: { atMost: 15 } },
      { metric: 'authorization and audit: p50', value: full.p50, unit: 'ms' },
      { metric: 'authorization and audit: p99', value: full.p99, unit: 'ms' },
      { metric: 'audit: added p99 (over authorization)', value: added(full.p99, authz.p99), unit: '%', target: { atMost: 15 } },
      { metric: 'authorization and audit: added p99', value: added(full.p99, none.p99), unit: '%' },
      { metric: `subgraph field checks per answer (${perAnswer.length} decisions)`, value: fieldChecksUs, unit: 'µs' },
      { metric: 'audit entries written by the full variant', value: Number(rows[0]!.n), unit: 'entries' },
      ...refusals,
    ],
    { clients, requestsPerVariant: none.n, rounds, loadAverage1m: loadavg()[0], query: 'patient banner (patient(id) with stays)', database: database.where },
  );
} finally {
  for (const server of started.reverse()) await server.stop();
  await database.dispose();
}
