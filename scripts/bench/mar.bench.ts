// eMAR benchmark: nurses at the bedside, each scanning the wristband and the package of a dose
// (one request, both checks: scan-to-verified) and then documenting it given. In one run, one
// nurse alone, 50 at a bedside pace and 50 at saturation, each through the gateway and directly
// against the eMAR subgraph (back to back, so the ratio compares like with like), with the
// machine's cores and load average: on a shared machine the figures mean little without it.
// Needs the built services (npm run build).
//   npm run bench:mar
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { gtinFromNdc10 } from '@ehr/contracts';
import { createPool, freePort, signIdentity } from '@ehr/platform';
import { startServiceProcess } from '@ehr/platform/testing';
import { benchDatabase } from './database.ts';
import { type Figure, percentile, writeReport } from './report.ts';

const nurses = 50;
const dosesPerNurse = Number(process.env.BENCH_MAR_DOSES ?? 10);
/** Doses each nurse gives at a bedside pace: a pause between one action and the next. */
const pacedDoses = Math.max(1, Math.floor(dosesPerNurse / 2));
const paceMs = Number(process.env.BENCH_MAR_PACE_MS ?? 1000);
/** Doses each patient needs: a warm-up, then per path (gateway, subgraph) saturation and paced rounds, and one set for the nurse alone. */
const dosesNeeded = 1 + 2 * (dosesPerNurse + pacedDoses) + dosesPerNurse;
const secret = 'bench-gateway-secret-0123456789abcdef';
const repo = join(import.meta.dirname, '..', '..');
const metoprolol = gtinFromNdc10('99902-2012-1');

type Data = Record<string, { __typename?: string; message?: string } & Record<string, unknown>>;

/** The eMAR answered with a refusal (e.g. STATE_UNCONFIRMED when a source did not answer within its bound). */
class Refused extends Error {}

const distribution = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
};

/** How long `work` took; a refusal is timed too and counted in `refusals`. */
async function timed(work: () => Promise<unknown>, refusals: string[]): Promise<number> {
  const started = performance.now();
  try {
    await work();
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    refusals.push(error.message);
  }
  return performance.now() - started;
}

const database = await benchDatabase();
const common = { DATABASE_URL: database.url, GATEWAY_SHARED_SECRET: secret };
const start = async (name: string, env: Record<string, string> = {}) =>
  startServiceProcess({ main: join(repo, 'services', name, 'dist', 'main.js'), port: await freePort(), env: { ...common, SERVICE_NAME: name, ...env } });
const adt = await start('adt');
const orders = await start('orders');
// The eMAR confirms its copies of the encounter and the order at ADT and orders before each documentation.
const mar = await start('mar', { ADT_URL: adt.url, ORDERS_URL: orders.url });
const gateway = await startServiceProcess({
  main: join(repo, 'gateway', 'dist', 'main.js'),
  port: await freePort(),
  // 50 nurses share one demo user: the per-user rate limit (600 a minute) is not what is measured.
  env: { ...common, SERVICE_NAME: 'gateway', AUTH_MODE: 'dev', RATE_LIMIT_PER_MINUTE: '1000000', SUBGRAPHS: `adt=${adt.url}/graphql,orders=${orders.url}/graphql,mar=${mar.url}/graphql` },
});
const pool = createPool({ connectionString: database.url, applicationName: 'bench-mar' });
try {
  // Five units of ten beds: one patient for each nurse.
  const { AdtApplication } = (await import(join(repo, 'services', 'adt', 'dist', 'application', 'adt-application.js'))) as {
    AdtApplication: new (pool: unknown, zone: string) => { commissionFacility(units: unknown[], context: unknown): Promise<number> };
  };
  const units = Array.from({ length: 5 }, (_, u) => ({
    unitId: `M${u + 1}`,
    name: `Med unit ${u + 1}`,
    kind: 'med-surg',
    rooms: Array.from({ length: 10 }, (_, r) => ({ roomId: `M${u + 1}-R${r + 1}`, beds: [{ bedId: `M${u + 1}-${r + 1}A`, label: `${r + 1}A` }] })),
  }));
  await new AdtApplication(pool, 'America/New_York').commissionFacility(units, { actor: { id: 'bench', role: 'admin' } });

  const tokens = new Map<string, string>();
  async function call(username: string, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
    if (!tokens.has(username)) {
      const response = await fetch(`${gateway.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
      tokens.set(username, ((await response.json()) as { access_token: string }).access_token);
    }
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(username)}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Data; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(body.errors[0]!.message);
    const refusal = Object.values(body.data ?? {}).find((v) => v?.__typename === 'Refusal');
    if (refusal) throw new Refused(`refused: ${refusal.message}`);
    return body.data!;
  }
  /** The same operation sent to the eMAR subgraph itself, as the gateway would forward it. */
  async function direct(query: string, variables: Record<string, unknown>): Promise<void> {
    const headers = signIdentity({ sub: 'nurse', role: 'nurse', aud: 'mar', exp: Math.floor(Date.now() / 1000) + 300 }, secret);
    const response = await fetch(`${mar.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: Data; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(body.errors[0]!.message);
    const refusal = Object.values(body.data ?? {}).find((v) => v?.__typename === 'Refusal');
    if (refusal) throw new Refused(`refused: ${refusal.message}`);
  }
  async function eventually<T>(ask: () => Promise<T>, what: string): Promise<T> {
    // Setting up waits for other services' followers (50 orders of 49 doses each): up to 15 minutes on a loaded machine.
    const deadline = Date.now() + 900_000;
    for (;;) {
      try {
        return await ask();
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  // Each nurse's patient: admitted, with metoprolol every hour from five minutes ago, verified.
  const patients = await Promise.all(
    Array.from({ length: nurses }, async (_, n) => {
      const reg = await call('registrar', `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { __typename ... on PatientRegistered { patient { id mrn } } ... on Refusal { message } } }`, {
        d: { familyName: `Bench${n}`, givenNames: ['Pat'], birthDate: '1970-01-01', sex: 'unknown' },
      });
      const { id: patientId, mrn } = (reg.registerPatient as unknown as { patient: { id: string; mrn: string } }).patient;
      const bed = { unitId: `M${Math.floor(n / 10) + 1}`, bedId: `M${Math.floor(n / 10) + 1}-${(n % 10) + 1}A` };
      const admitted = await call('bedmanager', `mutation($p: ID!, $b: BedInput!) { admitPatient(patientId: $p, class: "inpatient", bed: $b) { __typename ... on EncounterChanged { encounter { id } } ... on Refusal { message } } }`, {
        p: patientId,
        b: bed,
      });
      const encounterId = (admitted.admitPatient as unknown as { encounter: { id: string } }).encounter.id;
      const order = { patientId, encounterId, drugId: 'metoprolol-tartrate-25-tab', dose: { value: 25, unit: 'mg' }, route: 'oral', frequency: { type: 'interval', code: 'q1h' }, start: new Date(Date.now() - 5 * 60_000).toISOString() };
      const place = (overrides: unknown[]) =>
        call('physician', `mutation($i: MedicationOrderInput!) { placeMedicationOrder(input: $i) { __typename ... on OrderChanged { order { id } } ... on OrderAlertsRaised { alerts { key } } ... on Refusal { message } } }`, { i: { ...order, overrides } });
      const placed = await eventually(async () => {
        const first = await place([]);
        // Hourly is past metoprolol's daily range: the prescriber answers the alert.
        const alerts = (first.placeMedicationOrder as unknown as { alerts?: Array<{ key: string }> }).alerts;
        return alerts ? place(alerts.map((a) => ({ alertKey: a.key, reason: 'benefit-outweighs-risk', comment: 'benchmark' }))) : first;
      }, 'orders learning of the admission');
      const orderId = (placed.placeMedicationOrder as unknown as { order: { id: string } }).order.id;
      await call('pharmacist', `mutation($o: ID!) { verifyOrder(orderId: $o) { __typename ... on Refusal { message } } }`, { o: orderId });
      const doses = await eventually(async () => {
        const data = await call('nurse', `query($p: ID!) { patient(id: $p) { medicationAdministrations { id status dueAt } } }`, { p: patientId });
        const list = (data.patient as unknown as { medicationAdministrations: Array<{ id: string; status: string }> }).medicationAdministrations.filter((d) => d.status === 'open');
        if (list.length < dosesNeeded) throw new Error(`${list.length} doses planned so far`);
        return list.map((d) => d.id);
      }, 'the eMAR planning the doses');
      return { wristband: `PID:${mrn}`, doses };
    }),
  );

  // The package scan, checked with the wristband scanned on arrival: the bedside's one round trip.
  const scanBoth = `mutation($d: ID!, $w: String, $p: String) { verifyProduct(doseId: $d, product: { scan: $p }, wristband: { scan: $w }) { __typename ... on Refusal { message } } }`;
  const given = `mutation($d: ID!) { documentGiven(input: { doseId: $d, amount: { value: 25, unit: "mg" }, route: "oral", timingReason: "clinical-need" }) { __typename ... on Refusal { message } } }`;

  type Send = (query: string, variables: Record<string, unknown>) => Promise<unknown>;
  const paths: Array<{ name: string; send: Send }> = [
    { name: 'gateway', send: (query, variables) => call('nurse', query, variables) },
    { name: 'subgraph', send: direct },
  ];
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  type Samples = { scan: number[]; give: number[]; refusals: string[] };

  /** One nurse at one bedside: doses [from, to) of the patient, each scanned and documented, `pause` after each action. */
  async function bedside(send: Send, patient: (typeof patients)[number], from: number, to: number, pause: number, into: Samples): Promise<void> {
    for (let i = from; i < to; i++) {
      const doseId = patient.doses[i]!;
      into.scan.push(await timed(() => send(scanBoth, { d: doseId, w: patient.wristband, p: metoprolol }), into.refusals));
      if (pause) await wait(pause);
      into.give.push(await timed(() => send(given, { d: doseId }), into.refusals));
      if (pause) await wait(pause);
    }
  }
  /** Every nurse at once, each at their own patient (with `pause`, nurses start at random moments within it). */
  async function together(send: Send, from: number, to: number, pause = 0): Promise<Samples> {
    const samples: Samples = { scan: [], give: [], refusals: [] };
    await Promise.all(
      patients.map(async (patient) => {
        if (pause) await wait(Math.random() * pause);
        await bedside(send, patient, from, to, pause, samples);
      }),
    );
    return samples;
  }
  /** One nurse alone, going from bedside to bedside: the time a request takes when it waits for no other. */
  async function alone(send: Send, beds: typeof patients, from: number, to: number): Promise<Samples> {
    const samples: Samples = { scan: [], give: [], refusals: [] };
    for (const patient of beds) await bedside(send, patient, from, to, 0, samples);
    return samples;
  }

  // Each dose is used once: at saturation and at a bedside pace each path takes its own doses of
  // every patient; one nurse alone takes the same doses of a different set of beds per path.
  const aloneBeds = 5;
  const rounds: Array<{ condition: string; target?: number; doses: number; samePatients: boolean; measure(send: Send, path: number, from: number): Promise<Samples> }> = [
    { condition: 'one nurse alone', doses: dosesPerNurse, samePatients: false, measure: (send, path, from) => alone(send, patients.slice(path * aloneBeds, (path + 1) * aloneBeds), from, from + dosesPerNurse) },
    { condition: `${nurses} nurses, ${paceMs} ms between actions`, target: 75, doses: pacedDoses, samePatients: true, measure: (send, _path, from) => together(send, from, from + pacedDoses, paceMs) },
    { condition: `${nurses} nurses, no pause (saturation)`, doses: dosesPerNurse, samePatients: true, measure: (send, _path, from) => together(send, from, from + dosesPerNurse) },
  ];
  const cores = availableParallelism();
  const loadAtStart = loadavg();
  await together(paths[0]!.send, 0, 1); // warm-up: plans, pools, JIT
  let next = 1;
  const figures: Figure[] = [];
  const loadAfter: Record<string, number> = {};
  for (const r of rounds) {
    const measured: Record<string, Samples> = {};
    // The two paths of one condition run back to back, on the same machine state.
    for (const [index, path] of paths.entries()) {
      measured[path.name] = await r.measure(path.send, index, next);
      if (r.samePatients) next += r.doses;
      loadAfter[`${r.condition}, ${path.name}`] = loadavg()[0]!;
    }
    if (!r.samePatients) next += r.doses;
    for (const step of ['scan', 'give'] as const) {
      const what = step === 'scan' ? 'scan-to-verified (wristband + package)' : 'document given';
      const viaGateway = distribution(measured.gateway![step]);
      const viaSubgraph = distribution(measured.subgraph![step]);
      for (const [path, d] of [['through the gateway', viaGateway], ['eMAR subgraph directly', viaSubgraph]] as const) {
        for (const p of ['p50', 'p95', 'p99'] as const) {
          figures.push({ metric: `${what} ${p}, ${r.condition}, ${path}`, value: d[p], unit: 'ms', ...(r.target && p === 'p99' && path === 'through the gateway' ? { target: { atMost: r.target } } : {}) });
        }
      }
      figures.push({ metric: `${what} p99 gateway / subgraph, ${r.condition}`, value: viaGateway.p99 / viaSubgraph.p99, unit: 'x' });
    }
    for (const path of paths) {
      const refusals = measured[path.name]!.refusals;
      figures.push({ metric: `refused, ${r.condition}, ${path.name}`, value: refusals.length, unit: '' });
      for (const [message, count] of Object.entries(Object.groupBy(refusals, (m) => m))) console.log(`${r.condition}, ${path.name}: ${count!.length} × ${message}`);
    }
  }
  const loadAtEnd = loadavg();
  console.log(`\nmachine: ${cores} cores; load average (1, 5, 15 min) at start ${loadAtStart.map((l) => l.toFixed(2)).join(', ')}, at end ${loadAtEnd.map((l) => l.toFixed(2)).join(', ')}`);
  figures.push({ metric: 'cores', value: cores, unit: '' }, { metric: 'load average (1 min) at start', value: loadAtStart[0]!, unit: '' }, { metric: 'load average (1 min) at end', value: loadAtEnd[0]!, unit: '' });
  writeReport('mar', figures, { database: database.where, nurses, dosesPerNurse, pacedDoses, paceMs, aloneBeds, cores, loadAverage: { start: loadAtStart, end: loadAtEnd, oneMinuteAfterEachRound: loadAfter } });
} finally {
  await pool.end();
  await gateway.stop();
  await mar.stop();
  await orders.stop();
  await adt.stop();
  await database.dispose();
}
