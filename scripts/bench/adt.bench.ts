// ADT benchmark: admit and transfer latency through the gateway with 20 concurrent users,
// the bed-board query over 500 beds, and the gateway's overhead against calling the ADT
// subgraph directly. Needs the built services (npm run build).
//   npm run bench:adt
import { join } from 'node:path';
import { createPool, freePort, signIdentity } from '@ehr/platform';
import { startServiceProcess } from '@ehr/platform/testing';
import { benchDatabase } from './database.ts';
import { percentile, writeReport } from './report.ts';

const users = 20;
const movesPerUser = Number(process.env.BENCH_ADT_MOVES ?? 10);
const boardQueries = Number(process.env.BENCH_ADT_BOARD_QUERIES ?? 60);
const secret = 'bench-gateway-secret-0123456789abcdef';
const repo = join(import.meta.dirname, '..', '..');

interface Target {
  name: string;
  call(query: string, variables: Record<string, unknown>): Promise<unknown>;
}

async function post(url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Record<string, { __typename?: string; message?: string }>; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(body.errors[0]!.message);
  const refusal = Object.values(body.data ?? {}).find((v) => v?.__typename === 'Refusal');
  if (refusal) throw new Error(`refused: ${refusal.message}`);
  return body.data;
}

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
const adtPort = await freePort();
const adt = await startServiceProcess({
  main: join(repo, 'services', 'adt', 'dist', 'main.js'),
  port: adtPort,
  env: { SERVICE_NAME: 'adt', DATABASE_URL: database.url, GATEWAY_SHARED_SECRET: secret },
});
const gateway = await startServiceProcess({
  main: join(repo, 'gateway', 'dist', 'main.js'),
  port: await freePort(),
  env: { SERVICE_NAME: 'gateway', DATABASE_URL: database.url, GATEWAY_SHARED_SECRET: secret, SUBGRAPHS: `adt=${adt.url}/graphql`, AUTH_MODE: 'dev' },
});
const pool = createPool({ connectionString: database.url, applicationName: 'bench-adt' });
try {
  // 25 units of 20 beds: the 500-bed hospital the board is measured on.
  const { AdtApplication } = (await import(join(repo, 'services', 'adt', 'dist', 'application', 'adt-application.js'))) as {
    AdtApplication: new (pool: unknown, zone: string) => { commissionFacility(units: unknown[], context: unknown): Promise<number> };
  };
  const units = Array.from({ length: 25 }, (_, u) => ({
    unitId: `U${u + 1}`,
    name: `Unit ${u + 1}`,
    kind: 'med-surg',
    rooms: Array.from({ length: 10 }, (_, r) => ({ roomId: `U${u + 1}-R${r + 1}`, beds: ['A', 'B'].map((b) => ({ bedId: `U${u + 1}-${r + 1}${b}`, label: `${r + 1}${b}` })) })),
  }));
  const beds = await new AdtApplication(pool, 'America/New_York').commissionFacility(units, { actor: { id: 'bench', role: 'admin' } });

  const token = ((await (await fetch(`${gateway.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bedmanager' }) })).json()) as { access_token: string }).access_token;
  const viaGateway: Target = { name: 'gateway', call: (q, v) => post(`${gateway.url}/graphql`, { authorization: `Bearer ${token}` }, q, v) };
  const direct: Target = {
    name: 'subgraph',
    call: (q, v) => post(`${adt.url}/graphql`, signIdentity({ sub: 'bench', role: 'bed-manager', aud: 'adt', exp: Math.floor(Date.now() / 1000) + 60 }, secret), q, v),
  };

  const register = `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { __typename ... on PatientRegistered { patient { id } } ... on Refusal { message } } }`;
  const admit = `mutation($p: ID!, $b: BedInput!) { admitPatient(patientId: $p, class: "inpatient", bed: $b) { __typename ... on EncounterChanged { encounter { id } } ... on Refusal { message } } }`;
  const transfer = `mutation($e: ID!, $b: BedInput!) { transferPatient(encounterId: $e, to: $b) { __typename ... on Refusal { message } } }`;
  const discharge = `mutation($e: ID!) { dischargePatient(encounterId: $e, disposition: "01") { __typename ... on Refusal { message } } }`;
  const board = `{ bedBoard { id unitId label status isolation blockedReason patientId dirtySince } }`;

  /** 20 users at once, each admitting a patient, moving them to a second bed, discharging. */
  async function commands(target: Target, round: number): Promise<{ admit: number[]; transfer: number[] }> {
    const admitMs: number[] = [];
    const transferMs: number[] = [];
    await Promise.all(
      Array.from({ length: users }, async (_, u) => {
        const unit = `U${u + 1}`;
        for (let i = 0; i < movesPerUser; i++) {
          const reg = (await target.call(register, { d: { familyName: `Bench${round}x${u}x${i}`, givenNames: ['Pat'], birthDate: '1980-01-01', sex: 'unknown' } })) as {
            registerPatient: { patient: { id: string } };
          };
          // Beds rotate so each admission finds a clean bed: cleaning is not what is measured.
          const from = { bedId: `${unit}-${(i % 5) * 2 + 1}A`, unitId: unit };
          const to = { bedId: `${unit}-${(i % 5) * 2 + 2}B`, unitId: unit };
          let encounterId = '';
          admitMs.push(
            await timed(async () => {
              const data = (await target.call(admit, { p: reg.registerPatient.patient.id, b: from })) as { admitPatient: { encounter: { id: string } } };
              encounterId = data.admitPatient.encounter.id;
            }),
          );
          transferMs.push(await timed(() => target.call(transfer, { e: encounterId, b: to })));
          await target.call(discharge, { e: encounterId });
          for (const bed of [from.bedId, to.bedId]) {
            await direct.call(`mutation($b: ID!) { markBedClean(bedId: $b) { __typename ... on Refusal { message } } }`, { b: bed }).catch(() => undefined);
          }
        }
      }),
    );
    return { admit: admitMs, transfer: transferMs };
  }

  async function boardLatency(target: Target): Promise<number[]> {
    const samples: number[] = [];
    for (let i = 0; i < boardQueries; i++) samples.push(await timed(() => target.call(board, {})));
    return samples;
  }

  await commands(viaGateway, 0); // warm-up: plans, pools, JIT
  const gatewayCommands = await commands(viaGateway, 1);
  const directCommands = await commands(direct, 2);
  await boardLatency(viaGateway);
  const gatewayBoard = await boardLatency(viaGateway);
  const directBoard = await boardLatency(direct);

  const g = { admit: stats(gatewayCommands.admit), transfer: stats(gatewayCommands.transfer), board: stats(gatewayBoard) };
  const d = { admit: stats(directCommands.admit), transfer: stats(directCommands.transfer), board: stats(directBoard) };
  writeReport(
    'adt',
    [
      { metric: `admit p50 through the gateway (${users} concurrent users)`, value: g.admit.p50, unit: 'ms' },
      { metric: `admit p99 through the gateway (${users} concurrent users)`, value: g.admit.p99, unit: 'ms' },
      { metric: `transfer p50 through the gateway`, value: g.transfer.p50, unit: 'ms' },
      { metric: `transfer p99 through the gateway`, value: g.transfer.p99, unit: 'ms' },
      { metric: `admit p50 calling the subgraph directly`, value: d.admit.p50, unit: 'ms' },
      { metric: `admit p99 calling the subgraph directly`, value: d.admit.p99, unit: 'ms' },
      { metric: `gateway overhead, admit p50 (gateway / direct)`, value: g.admit.p50 / d.admit.p50, unit: 'x' },
      { metric: `bed board (${beds} beds) p50 through the gateway`, value: g.board.p50, unit: 'ms' },
      { metric: `bed board (${beds} beds) p99 through the gateway`, value: g.board.p99, unit: 'ms' },
      { metric: `bed board p50 calling the subgraph directly`, value: d.board.p50, unit: 'ms' },
      { metric: `gateway overhead, bed board p50 (gateway / direct)`, value: g.board.p50 / d.board.p50, unit: 'x' },
    ],
    { database: database.where, users, movesPerUser, boardQueries, beds },
  );
} finally {
  await pool.end();
  await gateway.stop();
  await adt.stop();
  await database.dispose();
}
