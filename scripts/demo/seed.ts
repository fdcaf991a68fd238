// The living demo hospital: inpatients in beds with allergies, orders of every kind, pharmacist
// verifications done and pending, doses given, due and late on the eMAR; an ED board with
// visits in every stage; discharged patients whose accounts sit in the claims queues. Driven
// only through the gateway's GraphQL API as the demo users, so every fact is a real event.
// Deterministic (fixed names, fixed order) and idempotent: a patient already on file is left
// as it is, and every mutation that takes one carries a key derived from the patient's name.
// Times are relative to now.
import { gtinFromNdc10 } from '@ehr/contracts';
import { type DemoPerson, dischargedPeople, edPeople, inpatientPeople } from './people.ts';

export interface SeedOptions {
  gatewayUrl: string;
  log?: (line: string) => void;
  /** Called as each demo patient is done (written, found on file, or failed). */
  progress?: (done: number, total: number) => void;
}

export interface HospitalCounts {
  inpatientsInBeds: number;
  edVisitsByStatus: Record<string, number>;
  pendingVerifications: number;
  workQueues: Record<string, number>;
}

export interface SeedResult {
  /** Every demo patient was already on file: nothing was written. */
  alreadySeeded: boolean;
  /** Patients written this run. */
  created: number;
  /** Patients whose seeding stopped at a refusal (named in the log). */
  failed: number;
  counts: HospitalCounts;
  summary: string;
}

interface GraphQLAnswer<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

type Vars = Record<string, unknown>;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The packages the demo units stock (the eMAR's product file), by barcode. */
const products = {
  metoprolol: gtinFromNdc10('99902-2012-1'),
  pantoprazole: gtinFromNdc10('99902-2024-1'),
};

class Gateway {
  private readonly tokens = new Map<string, string>();
  private readonly url: string;
  constructor(url: string) {
    this.url = url;
  }

  private async token(username: string): Promise<string> {
    if (!this.tokens.has(username)) {
      const response = await fetch(`${this.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
      if (!response.ok) throw new Error(`sign-in as ${username} failed with HTTP ${response.status}`);
      this.tokens.set(username, ((await response.json()) as { access_token: string }).access_token);
    }
    return this.tokens.get(username)!;
  }

  async query<T>(username: string, query: string, variables: Vars = {}): Promise<T> {
    const request = async () =>
      fetch(`${this.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.token(username)}` },
        body: JSON.stringify({ query, variables }),
      });
    let response = await request();
    // The gateway limits each caller's requests a minute: the seed waits its turn.
    for (let waited = 0; response.status === 429 && waited < 120; waited += 5) {
      await sleep(5_000);
      response = await request();
    }
    const answer = (await response.json()) as GraphQLAnswer<T>;
    if (answer.errors?.length || !answer.data) throw new Error(`${query.slice(0, 60)}…: ${answer.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`}`);
    return answer.data;
  }

  /**
   * A mutation whose answer is a union with a success type and a Refusal. Retries while the
   * refusal says the service has not yet learned of an earlier event (a new encounter, a patient).
   */
  async act<T extends { __typename: string }>(username: string, field: string, mutation: string, variables: Vars, success: string): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const data = await this.query<Record<string, T & { code?: string; message?: string }>>(username, mutation, variables);
      const answer = data[field]!;
      if (answer.__typename === success) return answer;
      if (Date.now() > deadline) throw new Error(`${field} refused: ${answer.code ?? answer.__typename} ${answer.message ?? JSON.stringify(answer)}`);
      await sleep(300);
    }
  }

  async eventually<T>(ask: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const value = await ask();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what} did not happen within 20 s`);
      await sleep(300);
    }
  }
}

const refusal = '... on Refusal { code message }';

async function existing(gw: Gateway, person: DemoPerson): Promise<{ id: string; mrn: string } | null> {
  const found = await gw.query<{ searchPatients: Array<{ id: string; mrn: string; familyName: string; givenNames: string }> }>(
    'registrar',
    `query($f: String!, $b: String) { searchPatients(familyName: $f, birthDate: $b) { id mrn familyName givenNames } }`,
    { f: person.familyName, b: person.birthDate },
  );
  return found.searchPatients.find((p) => p.familyName.toLowerCase() === person.familyName.toLowerCase() && p.givenNames === person.givenName) ?? null;
}

async function register(gw: Gateway, person: DemoPerson): Promise<{ id: string; mrn: string }> {
  const answer = await gw.act<{ __typename: string; patient: { id: string; mrn: string } }>(
    'registrar',
    'registerPatient',
    `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { __typename ... on PatientRegistered { patient { id mrn } } ${refusal} } }`,
    { d: { familyName: person.familyName, givenNames: [person.givenName], birthDate: person.birthDate, sex: person.sex } },
    'PatientRegistered',
  );
  return answer.patient;
}

async function admit(gw: Gateway, person: DemoPerson, patientId: string, bed: { bedId: string; unitId: string }, at: string): Promise<string> {
  const answer = await gw.act<{ __typename: string; encounter: { id: string } }>(
    'bedmanager',
    'admitPatient',
    // The attending from the provider registry: the claim names them (837I loop 2310A).
    `mutation($p: ID!, $b: BedInput!, $at: String, $k: String) { admitPatient(patientId: $p, class: "inpatient", bed: $b, at: $at, idempotencyKey: $k, attendingNpi: "1628495032") { __typename ... on EncounterChanged { encounter { id } } ${refusal} } }`,
    { p: patientId, b: bed, at, k: `demo:${person.key}:admit` },
    'EncounterChanged',
  );
  return answer.encounter.id;
}

type OrderKind = 'Medication' | 'Lab' | 'Imaging' | 'Diet' | 'Nursing';
async function placeOrder(gw: Gateway, person: DemoPerson, kind: OrderKind, label: string, input: Vars): Promise<string> {
  const field = `place${kind}Order`;
  const answer = await gw.act<{ __typename: string; order: { id: string } }>(
    'physician',
    field,
    `mutation($i: ${kind}OrderInput!) { ${field}(input: $i) { __typename ... on OrderChanged { order { id } } ... on OrderAlertsRaised { alerts { key message } } ${refusal} } }`,
    { i: { overrides: [], ...input, idempotencyKey: `demo:${person.key}:${label}` } },
    'OrderChanged',
  );
  return answer.order.id;
}

/** One inpatient: admitted to their bed, with allergies, orders, verifications and the doses of this shift. */
async function seedInpatient(gw: Gateway, person: DemoPerson, index: number): Promise<void> {
  const patient = await register(gw, person);
  const encounterId = await admit(gw, person, patient.id, person.bed!, minutesAgo(60 * (6 + index * 5)));
  const common = { patientId: patient.id, encounterId };

  const allergies = [
    ...(index % 3 === 0 ? [{ substanceCode: 'penicillins', substance: 'Penicillins', reaction: 'hives', criticality: 'high' }] : []),
    ...(index % 4 === 1 ? [{ substanceCode: 'sulfonamides', substance: 'Sulfonamides', reaction: 'rash', criticality: 'low' }] : []),
  ];
  for (const allergy of allergies) {
    await gw.act('physician', 'recordAllergy', `mutation($i: AllergyInput!) { recordAllergy(input: $i) { __typename ${refusal} } }`, { i: { patientId: patient.id, ...allergy } }, 'AllergyChanged');
  }

  // Scheduled: metoprolol due now; pantoprazole daily from two hours ahead; every fourth patient a
  // lisinopril every 4 h from almost 5 h ago (missed and late doses on the MAR).
  const medications: Array<{ label: string; input: Vars }> = [
    { label: 'metoprolol', input: { drugId: 'metoprolol-tartrate-25-tab', dose: { value: 25, unit: 'mg' }, route: 'oral', frequency: { type: 'interval', code: 'q8h' }, start: minutesAgo(5), indication: 'rate control' } },
    { label: 'pantoprazole', input: { drugId: 'pantoprazole-40-dr-tab', dose: { value: 40, unit: 'mg' }, route: 'oral', frequency: { type: 'interval', code: 'q12h' }, start: minutesAgo(-120) } },
    {
      label: 'acetaminophen-prn',
      input: { drugId: 'acetaminophen-500-tab', dose: { value: 500, unit: 'mg' }, route: 'oral', frequency: { type: 'prn', minIntervalMinutes: 360, maxPer24h: { value: 3000, unit: 'mg' }, indication: 'pain or fever' } },
    },
  ];
  if (index % 4 === 0) medications.push({ label: 'lisinopril', input: { drugId: 'lisinopril-10-tab', dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: { type: 'interval', code: 'q4h' }, start: minutesAgo(295) } });
  // High-alert: ICU patients have hydromorphone PRN; telemetry patients heparin every 8 h.
  if (person.bed!.unitId === 'ICU') {
    medications.push({
      label: 'hydromorphone-prn',
      input: { drugId: 'hydromorphone-2-inj', dose: { value: 0.5, unit: 'mg' }, route: 'intravenous', frequency: { type: 'prn', minIntervalMinutes: 180, maxPer24h: { value: 4, unit: 'mg' }, indication: 'severe pain' } },
    });
  }
  if (person.bed!.unitId === '5E') {
    medications.push({ label: 'heparin', input: { drugId: 'heparin-5000-inj', dose: { value: 5000, unit: '[iU]' }, route: 'subcutaneous', frequency: { type: 'interval', code: 'q8h' }, start: minutesAgo(-180) } });
  }
  const orderIds: Record<string, string> = {};
  for (const m of medications) orderIds[m.label] = await placeOrder(gw, person, 'Medication', m.label, { ...common, ...m.input });

  await placeOrder(gw, person, 'Lab', 'cmp', { ...common, loinc: '24323-8', display: 'Comprehensive metabolic panel', specimen: 'blood' });
  if (index % 2 === 0) await placeOrder(gw, person, 'Imaging', 'chest-xr', { ...common, modality: 'XR', study: 'Chest 2 views', bodySite: 'chest', reason: 'shortness of breath', contrast: false });
  await placeOrder(gw, person, 'Diet', 'diet', { ...common, diet: index % 3 === 0 ? 'cardiac' : index % 3 === 1 ? 'consistent-carbohydrate' : 'regular' });
  await placeOrder(gw, person, 'Nursing', 'vitals', { ...common, instruction: index % 2 === 0 ? 'Vital signs every 4 hours' : 'Telemetry monitoring; daily weight' });

  // Every fifth patient's medication orders wait for the pharmacist.
  if (index % 5 === 4) return;
  for (const orderId of Object.values(orderIds)) {
    await gw.act('pharmacist', 'verifyOrder', `mutation($o: ID!) { verifyOrder(orderId: $o) { __typename ${refusal} } }`, { o: orderId }, 'OrderChanged');
  }

  // Half the verified patients had their metoprolol given this shift: wristband, package, then documented.
  if (index % 2 === 1) return;
  const mar = await gw.eventually(
    () => gw.query<{ marForShift: { doses: Array<{ id: string; timing: string | null; status: string; drugName: string }> } }>('nurse', `query($p: ID!) { marForShift(patientId: $p) { doses { id timing status drugName } } }`, { p: patient.id }),
    (r) => r.marForShift.doses.some((d) => d.timing === 'due' && /metoprolol/i.test(d.drugName)),
    `the metoprolol dose of ${person.familyName} on the MAR`,
  );
  const dose = mar.marForShift.doses.find((d) => d.timing === 'due' && /metoprolol/i.test(d.drugName))!;
  const doseResult = `__typename ... on DoseChanged { dose { id } } ${refusal}`;
  await gw.act('nurse', 'verifyWristband', `mutation($d: ID, $s: String) { verifyWristband(doseId: $d, wristband: { scan: $s }) { ${doseResult} } }`, { d: dose.id, s: `PID:${patient.mrn}` }, 'DoseChanged');
  await gw.act('nurse', 'verifyProduct', `mutation($d: ID!, $s: String) { verifyProduct(doseId: $d, product: { scan: $s }) { ${doseResult} } }`, { d: dose.id, s: products.metoprolol }, 'DoseChanged');
  await gw.act('nurse', 'documentGiven', `mutation($i: GivenInput!) { documentGiven(input: $i) { ${doseResult} } }`, { i: { doseId: dose.id, amount: { value: 25, unit: 'mg' }, route: 'oral' } }, 'DoseChanged');
}

const edSteps = ['waiting', 'triaged', 'roomed', 'boarding'] as const;

/** One ED visit, taken as far as its stage: arrival, triage, a room with a nurse, then a provider and the decision to admit. */
async function seedEdVisit(gw: Gateway, person: DemoPerson, index: number): Promise<void> {
  const stage = edSteps[index % edSteps.length]!;
  const patient = await register(gw, person);
  const arrived = 25 + index * 12;
  const visitResult = `__typename ... on EdVisitChanged { visit { id } } ${refusal}`;
  const step = (mutation: string, field: string, variables: Vars, user = 'ed') => gw.act<{ __typename: string; visit: { id: string } }>(user, field, mutation, variables, 'EdVisitChanged');
  const visit = await step(`mutation($p: ID!, $at: String, $k: String) { registerArrival(patientId: $p, mode: "${index % 3 === 0 ? 'ambulance' : 'walk-in'}", at: $at, idempotencyKey: $k) { ${visitResult} } }`, 'registerArrival', {
    p: patient.id,
    at: minutesAgo(arrived),
    k: `demo:${person.key}:arrival`,
  });
  const v = visit.visit.id;
  if (stage === 'waiting') return;
  const age = Math.floor((Date.now() - Date.parse(person.birthDate)) / (30.44 * 86_400_000));
  await gw.act('ed', 'triage', `mutation($i: TriageInput!) { triage(input: $i) { __typename ... on EdVisitChanged { visit { id } } ${refusal} } }`, {
    i: { visitId: v, esi: stage === 'boarding' ? 2 : 3 + (index % 2), chiefComplaint: person.complaint, vitals: { heartRate: 88, respiratoryRate: 16, oxygenSaturation: 98 }, ageInMonths: age, at: minutesAgo(arrived - 8) },
  }, 'EdVisitChanged');
  if (stage === 'triaged') return;
  const at = minutesAgo(arrived - 15);
  await step(`mutation($v: ID!, $r: String!, $at: String) { assignRoom(visitId: $v, roomId: $r, at: $at) { ${visitResult} } }`, 'assignRoom', { v, r: person.edRoom, at });
  await step(`mutation($v: ID!, $at: String) { assignNurse(visitId: $v, nurseId: "rn-rosa", at: $at) { ${visitResult} } }`, 'assignNurse', { v, at });
  if (stage === 'roomed') return;
  await step(`mutation($v: ID!, $at: String) { assignProvider(visitId: $v, providerId: "dr-okafor", at: $at) { ${visitResult} } }`, 'assignProvider', { v, at: minutesAgo(arrived - 20) }, 'physician');
  await step(`mutation($v: ID!, $at: String) { decideAdmission(visitId: $v, source: "disposition", at: $at) { ${visitResult} } }`, 'decideAdmission', { v, at: minutesAgo(arrived - 60) }, 'physician');
}

const claimResult = `__typename ... on ClaimSent { claim { id totalCents } } ... on ClaimStopped { edits { code message } } ${refusal}`;
const dollars = (cents: number) => String(cents / 100);
/** An 835 from the payer: one claim payment, its own interchange control number. */
/**
 * The payer's 835 for one claim, laid out as 005010X221A1 wants it: the payment (BPR), its trace
 * number (TRN), the payer and payee, then the claim with its adjustments and the patient.
 */
const remittance = (control: number, bpr: string, claim: string[], person: DemoPerson) => {
  const n = String(control).padStart(9, '0');
  const [clp, ...adjustments] = claim;
  const body = [
    'ST*835*0001',
    bpr,
    `TRN*1*DEMO${n}*1999999999`,
    'DTM*405*20250320',
    'N1*PR*BLUE PLAN*XV*BCBS1',
    'N3*1 PAYER WAY',
    'N4*BALTIMORE*MD*21244',
    'PER*BL*PROVIDER SERVICES*TE*8005550100',
    'N1*PE*GENERAL HOSPITAL*XX*1234567893',
    'LX*1',
    clp,
    ...adjustments.filter((s) => s.startsWith('CAS*')),
    `NM1*QC*1*${person.familyName.toUpperCase()}*${person.givenName.toUpperCase()}`,
    ...adjustments.filter((s) => !s.startsWith('CAS*')),
  ];
  // SE01 counts the transaction's segments, ST and SE included.
  body.push(`SE*${body.length + 1}*0001`);
  const envelope = [
    `ISA*00*          *00*          *ZZ*BLUEPLAN       *ZZ*GENHOSP        *250320*1200*^*00501*${n}*0*P*:`,
    `GS*HP*BLUEPLAN*GENHOSP*20250320*1200*${control}*X*005010X221A1`,
    ...body,
    `GE*1*${control}`,
    `IEA*1*${n}`,
  ];
  return envelope.map((segment) => `${segment}~`).join('');
};

/**
 * One discharged patient, a stay that ended days ago, taken along the revenue cycle to the
 * person's queue: coding (not yet coded), claim-edit (coded without the admitting diagnosis),
 * follow-up (claim sent), denial (an 835 with CO-16), paid (an 835 paying it in full).
 */
async function seedDischarged(gw: Gateway, person: DemoPerson, index: number): Promise<void> {
  const patient = await register(gw, person);
  const encounterId = await admit(gw, person, patient.id, person.bed!, minutesAgo((9 + index) * 24 * 60));
  await gw.act('nurse', 'dischargePatient', `mutation($e: ID!, $at: String, $k: String) { dischargePatient(encounterId: $e, disposition: "01", at: $at, idempotencyKey: $k) { __typename ${refusal} } }`, {
    e: encounterId,
    at: minutesAgo((5 + index) * 24 * 60),
    k: `demo:${person.key}:discharge`,
  }, 'EncounterChanged');
  // The bed is cleaned for the next patient.
  await gw.act('bedmanager', 'startBedCleaning', `mutation($b: ID!) { startBedCleaning(bedId: $b) { __typename ${refusal} } }`, { b: person.bed!.bedId }, 'BedChanged');
  await gw.act('bedmanager', 'markBedClean', `mutation($b: ID!) { markBedClean(bedId: $b) { __typename ${refusal} } }`, { b: person.bed!.bedId }, 'BedChanged');

  const found = await gw.eventually(
    () => gw.query<{ encounter: { account: { id: string; workItem: { queue: string } | null } | null } }>('biller', `query($e: ID!) { encounter(id: $e) { account { id workItem { queue } } } }`, { e: encounterId }),
    (r) => r.encounter.account?.workItem?.queue === 'coding',
    `the account of ${person.familyName} in the coding queue`,
  );
  const accountId = found.encounter.account!.id;
  const target = person.claimStage!;
  if (target === 'coding') return;
  await gw.act('biller', 'recordCoverage', `mutation($i: CoverageInput!) { recordCoverage(input: $i) { __typename ${refusal} } }`, {
    i: { accountId, payerId: 'BCBS1', payerName: 'Blue Plan', filingIndicator: 'BL', wantsDrg: false, memberId: `XYZ${1000 + index}` },
  }, 'AccountChanged');
  await gw.act('coder', 'recordCoding', `mutation($i: CodingInput!) { recordCoding(input: $i) { __typename ${refusal} } }`, {
    i: { accountId, principalDiagnosis: { code: 'J189', poa: 'Y' }, ...(target === 'claim-edit' ? {} : { admittingDiagnosis: 'R0602' }), otherDiagnoses: [{ code: 'E1122', poa: 'Y' }] },
  }, 'AccountChanged');
  const created = await gw.query<{ createClaim: { __typename: string; claim?: { id: string; totalCents: number }; code?: string; message?: string } }>('biller', `mutation($a: ID!) { createClaim(accountId: $a) { ${claimResult} } }`, { a: accountId });
  const claim = created.createClaim;
  if (target === 'claim-edit') {
    if (claim.__typename !== 'ClaimStopped') throw new Error(`createClaim for ${person.familyName} was expected to stop at an edit: ${JSON.stringify(claim)}`);
    return;
  }
  if (claim.__typename !== 'ClaimSent') throw new Error(`createClaim for ${person.familyName}: ${JSON.stringify(claim)}`);
  if (target === 'follow-up') return;
  const total = claim.claim!.totalCents;
  const x12 =
    target === 'denial'
      ? remittance(200 + index, `BPR*H*0*C*NON************${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`, [`CLP*${accountId}*4*${dollars(total)}*0*0*12*ICN${700 + index}*11*1`, `CAS*CO*16*${dollars(total)}`, 'MIA*0****MA130'], person)
      : remittance(
          200 + index,
          `BPR*I*${dollars(Math.round(total * 0.7))}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20250320`,
          [`CLP*${accountId}*1*${dollars(total)}*${dollars(Math.round(total * 0.7))}*0*12*PCN${700 + index}*11*1`, `CAS*CO*45*${dollars(total - Math.round(total * 0.7))}`],
          person,
        );
  await gw.act('biller', 'post835', `mutation($x: String!) { post835(x12: $x) { __typename ${refusal} } }`, { x: x12 }, 'RemittancePosted');
}

/** What the hospital holds now, as its users see it. */
export async function hospitalCounts(gatewayUrl: string): Promise<HospitalCounts> {
  const gw = new Gateway(gatewayUrl);
  const beds = await gw.query<{ bedBoard: Array<{ unitId: string; status: string }> }>('bedmanager', `{ bedBoard { unitId status } }`);
  const board = await gw.query<{ edBoard: { visits: Array<{ status: string }> } }>('ed', `{ edBoard { visits { status } } }`);
  const queue = await gw.query<{ verificationQueue: Array<{ id: string }> }>('pharmacist', `{ verificationQueue { id } }`);
  const queues = await gw.query<{ workQueueCounts: Array<{ queue: string; accounts: number }> }>('biller', `{ workQueueCounts { queue accounts } }`);
  const edVisitsByStatus: Record<string, number> = {};
  for (const v of board.edBoard.visits) edVisitsByStatus[v.status] = (edVisitsByStatus[v.status] ?? 0) + 1;
  return {
    inpatientsInBeds: beds.bedBoard.filter((b) => b.unitId !== 'ED' && b.status === 'occupied').length,
    edVisitsByStatus,
    pendingVerifications: queue.verificationQueue.length,
    workQueues: Object.fromEntries(queues.workQueueCounts.map((q) => [q.queue, q.accounts])),
  };
}

/** Runs `work` over the items, a few at a time, in their order; a failure is logged and counted, the rest go on. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  log: (line: string) => void,
  work: (item: T, index: number) => Promise<'created' | 'existing'>,
  done: () => void,
): Promise<{ created: number; failed: number }> {
  let next = 0;
  let created = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        try {
          if ((await work(items[index]!, index)) === 'created') created++;
        } catch (error) {
          failed++;
          log(`failed: ${(error as Error).message}`);
        }
        done();
      }
    }),
  );
  return { created, failed };
}

export async function seedDemoHospital(options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => undefined);
  const total = dischargedPeople.length + inpatientPeople.length + edPeople.length;
  let finished = 0;
  const done = () => options.progress?.(++finished, total);
  const gw = new Gateway(options.gatewayUrl);
  const once = (seed: (gw: Gateway, person: DemoPerson, index: number) => Promise<void>) => async (person: DemoPerson, index: number) => {
    if (await existing(gw, person)) return 'existing' as const;
    log(`seeding ${person.familyName}, ${person.givenName}`);
    await seed(gw, person, index);
    return 'created' as const;
  };
  // Discharged stays first: their beds are cleaned and taken by today's inpatients.
  const runs = [
    await eachLimited(dischargedPeople, 2, log, once(seedDischarged), done),
    await eachLimited(inpatientPeople, 4, log, once(seedInpatient), done),
    await eachLimited(edPeople, 3, log, once(seedEdVisit), done),
  ];
  const created = runs.reduce((n, r) => n + r.created, 0);
  const failed = runs.reduce((n, r) => n + r.failed, 0);
  const counts = await hospitalCounts(options.gatewayUrl);
  const ed = Object.values(counts.edVisitsByStatus).reduce((a, b) => a + b, 0);
  const accounts = ['coding', 'claim-edit', 'follow-up', 'denial'].reduce((n, q) => n + (counts.workQueues[q] ?? 0), 0);
  const summary = `${counts.inpatientsInBeds} inpatients, ${ed} ED visits, ${counts.pendingVerifications} orders to verify, ${accounts} accounts in the claims queues${failed ? `; ${failed} patients incomplete (see the seed log)` : ''}`;
  log(`done: ${created} patients written, ${failed} failed; ${JSON.stringify(counts)}`);
  if (failed === total) throw new Error('no demo patient could be written');
  return { alreadySeeded: created === 0 && failed === 0, created, failed, counts, summary };
}
