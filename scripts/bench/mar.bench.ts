// eMAR benchmark: 50 nurses at the bedside at once, through the gateway. Each scans the
// wristband and the package of a dose (one request, both checks: scan-to-verified) and then
// documents it given. Needs the built services (npm run build).
//   npm run bench:mar
import { join } from 'node:path';
import { gtinFromNdc10 } from '@ehr/contracts';
import { createPool, freePort, signIdentity } from '@ehr/platform';
import { startServiceProcess } from '@ehr/platform/testing';
import { benchDatabase } from './database.ts';
import { percentile, writeReport } from './report.ts';

const nurses = 50;
const dosesPerNurse = Number(process.env.BENCH_MAR_DOSES ?? 10);
/** Doses each nurse gives at a bedside pace: a pause between one action and the next. */
const pacedDoses = Math.max(1, Math.floor(dosesPerNurse / 2));
const paceMs = Number(process.env.BENCH_MAR_PACE_MS ?? 1000);
const secret = 'bench-gateway-secret-0123456789abcdef';
const repo = join(import.meta.dirname, '..', '..');
const metoprolol = gtinFromNdc10('99902-2012-1');

type Data = Record<string, { __typename?: string; message?: string } & Record<string, unknown>>;

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
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
    if (refusal) throw new Error(`refused: ${refusal.message}`);
    return body.data!;
  }
  /** The same operation sent to the eMAR subgraph itself, as the gateway would forward it. */
  async function direct(query: string, variables: Record<string, unknown>): Promise<void> {
    const headers = signIdentity({ sub: 'nurse', role: 'nurse', aud: 'mar', exp: Math.floor(Date.now() / 1000) + 300 }, secret);
    const response = await fetch(`${mar.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: Data; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(body.errors[0]!.message);
    const refusal = Object.values(body.data ?? {}).find((v) => v?.__typename === 'Refusal');
    if (refusal) throw new Error(`refused: ${refusal.message}`);
  }
  async function eventually<T>(ask: () => Promise<T>, what: string): Promise<T> {
    // Setting up waits for other services' followers (50 orders of 49 doses each): minutes on a loaded machine.
    const deadline = Date.now() + 300_000;
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
        if (list.length < 4 * dosesPerNurse + 1 + pacedDoses) throw new Error(`${list.length} doses planned so far`);
        return list.map((d) => d.id);
      }, 'the eMAR planning the doses');
      return { wristband: `PID:${mrn}`, doses };
    }),
  );

  // The package scan, checked with the wristband scanned on arrival: the bedside's one round trip.
  const scanBoth = `mutation($d: ID!, $w: String, $p: String) { verifyProduct(doseId: $d, product: { scan: $p }, wristband: { scan: $w }) { __typename ... on Refusal { message } } }`;
  const given = `mutation($d: ID!) { documentGiven(input: { doseId: $d, amount: { value: 25, unit: "mg" }, route: "oral", timingReason: "clinical-need" }) { __typename ... on Refusal { message } } }`;

  type Send = (query: string, variables: Record<string, unknown>) => Promise<unknown>;
  const viaGateway: Send = (query, variables) => call('nurse', query, variables);

  /**
   * `count` nurses at once, each working through doses [from, to) of their own patient; with
   * `pause`, each waits that long after every action (nurses start at random moments within it).
   */
  async function round(send: Send, from: number, to: number, count = nurses, pause = 0): Promise<{ scan: number[]; give: number[] }> {
    const scanMs: number[] = [];
    const giveMs: number[] = [];
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await Promise.all(
      patients.slice(0, count).map(async (patient) => {
        if (pause) await wait(Math.random() * pause);
        for (let i = from; i < to; i++) {
          const doseId = patient.doses[i]!;
          scanMs.push(await timed(() => send(scanBoth, { d: doseId, w: patient.wristband, p: metoprolol })));
          if (pause) await wait(pause);
          giveMs.push(await timed(() => send(given, { d: doseId })));
          if (pause) await wait(pause);
        }
      }),
    );
    return { scan: scanMs, give: giveMs };
  }

  await round(viaGateway, 0, 1); // warm-up: plans, pools, JIT
  const measured = await round(viaGateway, 1, dosesPerNurse + 1);
  const bypassed = await round(direct, dosesPerNurse + 1, 2 * dosesPerNurse + 1);
  // One nurse alone: the time a request takes when it waits for no other.
  const alone = await round(viaGateway, 2 * dosesPerNurse + 1, 4 * dosesPerNurse + 1, 1);
  const paced = await round(viaGateway, 4 * dosesPerNurse + 1, 4 * dosesPerNurse + 1 + pacedDoses, nurses, paceMs);
  const scanPaced = stats(paced.scan);
  const givePaced = stats(paced.give);
  const scanAlone = stats(alone.scan);
  const giveAlone = stats(alone.give);
  const scan = stats(measured.scan);
  const give = stats(measured.give);
  const scanDirect = stats(bypassed.scan);
  const giveDirect = stats(bypassed.give);
  writeReport(
    'mar',
    [
      { metric: `scan-to-verified p50 (wristband + package, ${nurses} nurses, ${paceMs} ms between actions)`, value: scanPaced.p50, unit: 'ms' },
      { metric: `scan-to-verified p99 (${nurses} nurses, ${paceMs} ms between actions)`, value: scanPaced.p99, unit: 'ms', target: { atMost: 75 } },
      { metric: `document given p50 (${nurses} nurses, ${paceMs} ms between actions)`, value: givePaced.p50, unit: 'ms' },
      { metric: `document given p99 (${nurses} nurses, ${paceMs} ms between actions)`, value: givePaced.p99, unit: 'ms', target: { atMost: 75 } },
      { metric: `scan-to-verified p50 (${nurses} nurses, no pause: saturation)`, value: scan.p50, unit: 'ms' },
      { metric: `scan-to-verified p99 (${nurses} nurses, no pause: saturation)`, value: scan.p99, unit: 'ms' },
      { metric: `document given p50 (${nurses} nurses, no pause: saturation)`, value: give.p50, unit: 'ms' },
      { metric: `document given p99 (${nurses} nurses, no pause: saturation)`, value: give.p99, unit: 'ms' },
      { metric: `scan-to-verified p50, one nurse alone, through the gateway`, value: scanAlone.p50, unit: 'ms' },
      { metric: `document given p50, one nurse alone, through the gateway`, value: giveAlone.p50, unit: 'ms' },
      { metric: `scan-to-verified p50 calling the eMAR subgraph directly`, value: scanDirect.p50, unit: 'ms' },
      { metric: `scan-to-verified p99 calling the eMAR subgraph directly`, value: scanDirect.p99, unit: 'ms' },
      { metric: `document given p50 calling the eMAR subgraph directly`, value: giveDirect.p50, unit: 'ms' },
      { metric: `document given p99 calling the eMAR subgraph directly`, value: giveDirect.p99, unit: 'ms' },
    ],
    { database: database.where, nurses, dosesPerNurse, pacedDoses, paceMs, samples: measured.scan.length, pacedSamples: paced.scan.length },
  );
} finally {
  await pool.end();
  await gateway.stop();
  await mar.stop();
  await orders.stop();
  await adt.stop();
  await database.dispose();
}
