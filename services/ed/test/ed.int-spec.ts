import { join } from 'node:path';
import { createTestDatabase, eventually as eventuallyWithin, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { createReadModel } from '../src/projections/read-model.js';

const repo = join(import.meta.dirname, '..', '..', '..');

interface Timer {
  elapsedMinutes: number;
  level: string;
  stoppedAt: string | null;
}

interface VisitView {
  id: string;
  status: string;
  esi: number | null;
  previousEsi: number | null;
  retriageReason: string | null;
  roomId: string | null;
  providerId: string | null;
  disposition: string | null;
  dischargeStatus: string | null;
  departedAt: string | null;
  boardingMinutes: number | null;
  dangerZoneAnswer: string | null;
  view: string;
  bedRequest: { status: string; bedId: string | null; unitId: string | null; cancelledReason: string | null } | null;
  timers: { doorToRoom: Timer; doorToProvider: Timer | null; boarding: Timer | null; lengthOfStay: Timer };
}

const visitFields = `id status esi previousEsi retriageReason roomId providerId disposition dischargeStatus departedAt boardingMinutes dangerZoneAnswer view bedRequest { status bedId unitId cancelledReason }
  timers { doorToRoom { elapsedMinutes level stoppedAt } doorToProvider { elapsedMinutes level stoppedAt } boarding { elapsedMinutes level stoppedAt } lengthOfStay { elapsedMinutes level stoppedAt } }`;
const result = `__typename ... on EdVisitChanged { visit { ${visitFields} } } ... on Refusal { code message }`;

/** Whole minutes before now, so every documented time is in the past and the arithmetic is exact. */
const minutesAgo = (base: number, offsetMinutes = 0) => new Date(base + offsetMinutes * 60_000).toISOString();

/** ADT, the ED and the gateway as separate processes on the embedded transport: one database, each its own schema. */
describe('the ED, end to end through the gateway', () => {
  let db: TestDatabase;
  let stack: ServiceStack;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt', 'ed'], databaseUrl: db.url });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const call = <T>(username: string, query: string, variables: Record<string, unknown> = {}) => stack.call<T>(username, query, variables);
  /** Each service learns of the other's events a moment later. */
  const eventually = <T>(ask: () => Promise<T>, done: (value: T) => boolean, what: string) => eventuallyWithin(ask, done, what, 15_000);

  /** One step of the visit as the ED user; fails the test on a refusal or a fault. */
  async function step(mutation: string, args: string, variables: Record<string, unknown>): Promise<VisitView> {
    const response = await call<Record<string, { __typename: string; visit?: VisitView; code?: string; message?: string }>>('ed', `mutation(${args}) { ${mutation} { ${result} } }`, variables);
    const answer = Object.values(response.data ?? {})[0];
    if (answer?.__typename !== 'EdVisitChanged') throw new Error(`${mutation}: ${JSON.stringify(response)}`);
    return answer.visit!;
  }

  /** Quick registration at the arrival desk: the patient in ADT first, then the ED visit with that id. */
  async function arrival(familyName: string, at: string): Promise<{ patientId: string; visitId: string }> {
    const registered = await call<{ registerPatient: { patient: { id: string } } }>(
      'ed',
      `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ... on PatientRegistered { patient { id } } } }`,
      { d: { familyName, givenNames: ['Test'], birthDate: '1971-05-02', sex: 'male' } },
    );
    const patientId = registered.data.registerPatient.patient.id;
    const visit = await step('registerArrival(patientId: $p, mode: "walk-in", at: $at)', '$p: ID!, $at: String', { p: patientId, at });
    return { patientId, visitId: visit.id };
  }

  const triage = (visitId: string, esi: number, vitals: Record<string, number>, at: string, dangerZoneAnswer?: string, retriageReason?: string) =>
    call<{ triage: { __typename: string; visit?: VisitView; message?: string; findings?: Array<{ sign: string; value: number; limit: number }>; suggestedEsi?: number } }>(
      'ed',
      `mutation($i: TriageInput!) { triage(input: $i) { __typename ... on EdVisitChanged { visit { ${visitFields} } }
         ... on DangerZonePrompt { message suggestedEsi findings { sign value limit } } ... on Refusal { code message } } }`,
      { i: { visitId, esi, chiefComplaint: 'abdominal pain', vitals, ageInMonths: 50 * 12, at, ...(dangerZoneAnswer ? { dangerZoneAnswer } : {}), ...(retriageReason ? { retriageReason } : {}) } },
    );

  const board = (view: string) => call<{ edBoard: { visits: Array<{ id: string }> } }>('ed', `query($f: EdBoardFilter) { edBoard(filter: $f) { visits { id } } }`, { f: { view } });
  const visitNow = (visitId: string) => call<{ edVisit: VisitView }>('ed', `query($v: ID!) { edVisit(id: $v) { ${visitFields} } }`, { v: visitId });

  const measuresQuery = `query($from: String!, $to: String!) { edMeasures(from: $from, to: $to) {
    arrivalToDeparture { all { visits medianMinutes } } doorToProvider { visits medianMinutes } admitDecisionToDeparture { visits medianMinutes }
    leftWithoutBeingSeen { numerator denominator rate } ecat { any { numerator denominator } leftWithoutBeingEvaluated boarded longStay } } }`;

  it('closes a visit left without being seen after triage: room freed, off the active board, in the LWBS rate, not in door-to-provider (scenario 16)', async () => {
    const base = Date.now() - 4 * 3_600_000;
    const { visitId } = await arrival('Lindqvist', minutesAgo(base));
    const triaged = await triage(visitId, 4, { heartRate: 88, respiratoryRate: 16, oxygenSaturation: 98 }, minutesAgo(base, 20));
    expect(triaged.data.triage.visit).toMatchObject({ status: 'triaged', esi: 4 });
    await step('assignRoom(visitId: $v, roomId: "ED-07", at: $at)', '$v: ID!, $at: String', { v: visitId, at: minutesAgo(base, 40) });

    const leftAt = minutesAgo(base, 170);
    const left = await step('recordLeftWithoutBeingSeen(visitId: $v, at: $at)', '$v: ID!, $at: String', { v: visitId, at: leftAt });
    expect(left).toMatchObject({ status: 'departed', disposition: 'lwbs', dischargeStatus: '07', roomId: null, departedAt: leftAt, view: 'look-up' });
    // The door-to-provider clock stopped at departure, red: ESI 4's target is 120 minutes.
    expect(left.timers.doorToProvider).toMatchObject({ elapsedMinutes: 170, level: 'red', stoppedAt: leftAt });

    expect((await board('active')).data.edBoard.visits.map((v) => v.id)).not.toContain(visitId);
    expect((await board('look-up')).data.edBoard.visits.map((v) => v.id)).toContain(visitId);

    const late = await call<{ assignProvider: { __typename: string; code: string } }>('ed', `mutation($v: ID!) { assignProvider(visitId: $v, providerId: "dr-okafor") { ${result} } }`, { v: visitId });
    expect(late.data.assignProvider).toMatchObject({ __typename: 'Refusal', code: 'VISIT_CLOSED' });

    const measures = await call<{ edMeasures: Record<string, unknown> }>('ed', measuresQuery, { from: leftAt, to: minutesAgo(base, 171) });
    expect(measures.data.edMeasures).toMatchObject({
      arrivalToDeparture: { all: { visits: 1, medianMinutes: 170 } },
      doorToProvider: { visits: 0, medianMinutes: null },
      leftWithoutBeingSeen: { numerator: 1, denominator: 1, rate: 1 },
      ecat: { any: { numerator: 1, denominator: 1 }, leftWithoutBeingEvaluated: 1 },
    });
  });

  it('prompts for danger-zone vital signs at ESI 3 and keeps the nurse’s level when declined (scenario 15)', async () => {
    const { visitId } = await arrival('Okonkwo', minutesAgo(Date.now(), -10));
    const vitals = { heartRate: 118, respiratoryRate: 24, oxygenSaturation: 95 };
    const prompt = await triage(visitId, 3, vitals, minutesAgo(Date.now(), -5));
    expect(prompt.data.triage).toMatchObject({ __typename: 'DangerZonePrompt', suggestedEsi: 2, message: expect.stringContaining('Consider ESI 2') });
    expect(prompt.data.triage.findings!.map((f) => f.sign)).toEqual(['heart-rate', 'respiratory-rate']);
    expect((await visitNow(visitId)).data.edVisit.status).toBe('waiting');

    const declined = await triage(visitId, 3, vitals, minutesAgo(Date.now(), -5), 'declined');
    expect(declined.data.triage.visit).toMatchObject({ esi: 3, status: 'triaged', dangerZoneAnswer: 'declined' });
  });

  it('re-triages a waiting patient whose condition changed: the new level sets the door-to-provider limit, and the visit says what it replaced', async () => {
    const base = Date.now() - 30 * 60_000;
    const { visitId } = await arrival('Nakamura', minutesAgo(base));
    expect((await triage(visitId, 4, {}, minutesAgo(base, 5))).data.triage.visit).toMatchObject({ esi: 4, previousEsi: null, timers: { doorToProvider: { level: 'normal' } } });
    expect((await triage(visitId, 2, {}, minutesAgo(base, 20))).data.triage).toMatchObject({ __typename: 'Refusal', code: 'ALREADY_TRIAGED' });

    const again = await triage(visitId, 2, { heartRate: 118 }, minutesAgo(base, 20), undefined, 'pain worse, now sweaty and pale');
    expect(again.data.triage.visit).toMatchObject({ esi: 2, previousEsi: 4, retriageReason: 'pain worse, now sweaty and pale', timers: { doorToProvider: { level: 'red' } } });
  });

  it('raises a bed request in ADT on the decision to admit, shows the bed assigned, and ends boarding when the patient occupies the bed, 6 h after the decision (scenario 17)', async () => {
    const base = Date.now() - 10 * 3_600_000;
    const { patientId, visitId } = await arrival('Haddad', minutesAgo(base));
    await triage(visitId, 2, { heartRate: 96 }, minutesAgo(base, 10));
    await step('assignRoom(visitId: $v, roomId: "ED-03", at: $at)', '$v: ID!, $at: String', { v: visitId, at: minutesAgo(base, 15) });
    await step('assignNurse(visitId: $v, nurseId: "rn-rosa", at: $at)', '$v: ID!, $at: String', { v: visitId, at: minutesAgo(base, 15) });
    await step('assignProvider(visitId: $v, providerId: "dr-okafor", at: $at)', '$v: ID!, $at: String', { v: visitId, at: minutesAgo(base, 25) });
    const decidedAt = minutesAgo(base, 60);
    const boarding = await step('decideAdmission(visitId: $v, source: "disposition", at: $at)', '$v: ID!, $at: String', { v: visitId, at: decidedAt });
    // A second documentation of the decision (the admit order) opens no second bed request.
    await step('decideAdmission(visitId: $v, source: "admit-order", at: $at)', '$v: ID!, $at: String', { v: visitId, at: minutesAgo(base, 80) });
    expect(boarding).toMatchObject({ status: 'boarding', disposition: 'admitted', bedRequest: { status: 'open', bedId: null } });
    // Nine hours since the decision: past the 4 h red limit.
    expect(boarding.timers.boarding).toMatchObject({ level: 'red', stoppedAt: null });

    const queue = await eventually(
      () => call<{ bedRequests: Array<{ id: string; patientId: string; encounterId: string; reason: string; requestedAt: string }> }>('bedmanager', `{ bedRequests { id patientId encounterId reason requestedAt } }`),
      (r) => r.data.bedRequests.some((b) => b.patientId === patientId),
      'the bed request in ADT’s queue',
    );
    const requests = queue.data.bedRequests.filter((b) => b.patientId === patientId);
    expect(requests).toEqual([{ id: visitId, patientId, encounterId: expect.any(String), reason: 'Admit from the emergency department', requestedAt: decidedAt }]);

    const assigned = await call<{ assignBed: { __typename: string } }>('bedmanager', `mutation($r: ID!) { assignBed(requestId: $r, bed: { bedId: "5E-07", unitId: "5E" }) { __typename } }`, {
      r: visitId,
    });
    expect(assigned.data.assignBed.__typename).toBe('BedRequestChanged');
    const withBed = await eventually(() => visitNow(visitId), (r) => r.data.edVisit.bedRequest?.status === 'assigned', 'the ED seeing the bed assigned');
    expect(withBed.data.edVisit).toMatchObject({ status: 'boarding', bedRequest: { status: 'assigned', bedId: '5E-07', unitId: '5E' } });

    // The patient reaches the bed six hours after the decision to admit.
    const occupiedAt = minutesAgo(base, 60 + 360);
    const admitted = await call<{ admitPatient: { __typename: string } }>(
      'bedmanager',
      `mutation($p: ID!, $e: ID!, $at: String) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "5E-07", unitId: "5E" }, encounterId: $e, at: $at) { __typename ... on Refusal { code message } } }`,
      { p: patientId, e: requests[0]!.encounterId, at: occupiedAt },
    );
    expect(admitted.data.admitPatient.__typename).toBe('EncounterChanged');

    const departed = await eventually(() => visitNow(visitId), (r) => r.data.edVisit.status === 'departed', 'the ED visit departing when the patient reaches the bed');
    expect(departed.data.edVisit).toMatchObject({ disposition: 'admitted', dischargeStatus: '09', departedAt: occupiedAt, boardingMinutes: 360, bedRequest: null, view: 'look-up' });
    expect(departed.data.edVisit.timers.boarding).toMatchObject({ elapsedMinutes: 360, level: 'red', stoppedAt: occupiedAt });
    const fulfilled = await call<{ bedRequests: Array<{ id: string }> }>('bedmanager', `{ bedRequests(status: "fulfilled") { id } }`);
    expect(fulfilled.data.bedRequests.map((b) => b.id)).toContain(visitId);

    const measures = await call<{ edMeasures: Record<string, unknown> }>('ed', measuresQuery, { from: occupiedAt, to: minutesAgo(base, 60 + 361) });
    expect(measures.data.edMeasures).toMatchObject({
      arrivalToDeparture: { all: { visits: 0 } },
      doorToProvider: { visits: 1, medianMinutes: 25 },
      admitDecisionToDeparture: { visits: 1, medianMinutes: 360 },
      ecat: { boarded: 1, longStay: 0 },
    });

    // One patient record: ADT's demographics and the ED's visits in one query.
    const record = await call<{ patient: { familyName: string; edVisits: { nodes: Array<{ id: string; disposition: string }> } } }>(
      'nurse',
      `query($p: ID!) { patient(id: $p) { familyName edVisits { nodes { id disposition } } } }`,
      { p: patientId },
    );
    expect(record.data.patient).toEqual({ familyName: 'Haddad', edVisits: { nodes: [{ id: visitId, disposition: 'admitted' }] } });
  });

  it('puts the patient back on the board, boarding, with the bed request open again, when the admission upstairs is cancelled (scenario 19)', async () => {
    const base = Date.now() - 5 * 3_600_000;
    const { patientId, visitId } = await arrival('Moreau', minutesAgo(base));
    await triage(visitId, 3, {}, minutesAgo(base, 10));
    await step('assignProvider(visitId: $v, providerId: "dr-okafor", at: $at)', '$v: ID!, $at: String', { v: visitId, at: minutesAgo(base, 20) });
    await step('decideAdmission(visitId: $v, source: "disposition", at: $at)', '$v: ID!, $at: String', { v: visitId, at: minutesAgo(base, 60) });
    const queue = await eventually(
      () => call<{ bedRequests: Array<{ id: string; encounterId: string }> }>('bedmanager', `{ bedRequests { id encounterId } }`),
      (r) => r.data.bedRequests.some((b) => b.id === visitId),
      'the bed request in ADT’s queue',
    );
    const encounterId = queue.data.bedRequests.find((b) => b.id === visitId)!.encounterId;
    await call('bedmanager', `mutation($r: ID!) { assignBed(requestId: $r, bed: { bedId: "4W-05A", unitId: "4W" }) { __typename } }`, { r: visitId });
    await call('bedmanager', `mutation($p: ID!, $e: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "4W-05A", unitId: "4W" }, encounterId: $e) { __typename } }`, {
      p: patientId,
      e: encounterId,
    });
    await eventually(() => visitNow(visitId), (r) => r.data.edVisit.status === 'departed', 'the ED visit departing to the unit');

    const cancelled = await call<{ cancelAdmission: { __typename: string } }>(
      'bedmanager',
      `mutation($e: ID!) { cancelAdmission(encounterId: $e, reason: "moved to the wrong unit", patientArrived: true) { __typename ... on Refusal { code message } } }`,
      { e: encounterId },
    );
    expect(cancelled.data.cancelAdmission.__typename).toBe('EncounterChanged');
    const back = await eventually(() => visitNow(visitId), (r) => r.data.edVisit.status === 'boarding', 'the patient back on the ED board');
    expect(back.data.edVisit).toMatchObject({ departedAt: null, view: 'active', timers: { boarding: { stoppedAt: null } } });
    const reopened = await call<{ bedRequests: Array<{ id: string; bedId: string | null }> }>('bedmanager', `{ bedRequests { id bedId } }`);
    expect(reopened.data.bedRequests).toContainEqual({ id: visitId, bedId: null });
  });

  it('shows a bed request bed placement cancelled, asks again on a new decision to admit, and withdraws the request when the ED discharges instead', async () => {
    const base = Date.now() - 3 * 3_600_000;
    const { visitId } = await arrival('Okonjo', minutesAgo(base));
    await triage(visitId, 3, {}, minutesAgo(base, 10));
    await step('assignProvider(visitId: $v, providerId: "dr-okafor", at: $at)', '$v: ID!, $at: String', { v: visitId, at: minutesAgo(base, 20) });
    await step('decideAdmission(visitId: $v, source: "disposition", at: $at)', '$v: ID!, $at: String', { v: visitId, at: minutesAgo(base, 60) });
    const requestStatus = (status: string) =>
      call<{ bedRequests: Array<{ id: string; bedId: string | null }> }>('bedmanager', `query($s: String) { bedRequests(status: $s) { id bedId } }`, { s: status }).then((r) =>
        r.data.bedRequests.filter((b) => b.id === visitId),
      );
    await eventually(() => requestStatus('open'), (r) => r.length === 1, 'the bed request in ADT’s queue');
    await call('bedmanager', `mutation($r: ID!) { assignBed(requestId: $r, bed: { bedId: "3N-01A", unitId: "3N" }) { __typename } }`, { r: visitId });
    await eventually(() => visitNow(visitId), (r) => r.data.edVisit.bedRequest?.status === 'assigned', 'the ED seeing the bed assigned');
    const bedStatus = () =>
      call<{ bedBoard: Array<{ id: string; status: string }> }>('bedmanager', `{ bedBoard(unitId: "3N") { id status } }`).then((r) => r.data.bedBoard.find((b) => b.id === '3N-01A')?.status);
    expect(await bedStatus()).toBe('reserved');

    const cancelled = await call<{ cancelBedRequest: { __typename: string } }>('bedmanager', `mutation($r: ID!) { cancelBedRequest(requestId: $r, reason: "3 North closed to admissions; re-request") { __typename } }`, {
      r: visitId,
    });
    expect(cancelled.data.cancelBedRequest.__typename).toBe('BedRequestChanged');
    const shown = await eventually(() => visitNow(visitId), (r) => r.data.edVisit.bedRequest?.status === 'cancelled', 'the ED board showing the request cancelled');
    expect(shown.data.edVisit).toMatchObject({ status: 'boarding', bedRequest: { status: 'cancelled', bedId: null, cancelledReason: '3 North closed to admissions; re-request' } });
    expect(await bedStatus()).toBe('available');

    // The ED asks again: the same request is back in bed placement's queue, and open on the board.
    await step('decideAdmission(visitId: $v, source: "admit-order", at: $at)', '$v: ID!, $at: String', { v: visitId, at: minutesAgo(base, 120) });
    expect((await visitNow(visitId)).data.edVisit.bedRequest).toMatchObject({ status: 'open', cancelledReason: null });
    await eventually(() => requestStatus('open'), (r) => r.length === 1, 'the bed request reopened in ADT');

    // The patient improves and goes home: bed placement no longer looks for a bed.
    await step('decideDischarge(visitId: $v, disposition: "discharged", dischargeStatus: "01", at: $at)', '$v: ID!, $at: String', { v: visitId, at: minutesAgo(base, 150) });
    await eventually(() => requestStatus('cancelled'), (r) => r.length === 1, 'the bed request withdrawn in ADT');
    expect(await requestStatus('open')).toEqual([]);
    expect((await visitNow(visitId)).data.edVisit).toMatchObject({ status: 'disposition-decided', bedRequest: null });
  });

  it('opens one visit for a repeated arrival with the same idempotency key, and names a bad field', async () => {
    const registered = await call<{ registerUnidentifiedPatient: { patient: { id: string } } }>(
      'ed',
      `mutation { registerUnidentifiedPatient(sex: "female", estimatedAgeYears: 30, circumstances: "brought by EMS unit 12") { ... on PatientRegistered { patient { id } } } }`,
    );
    const p = registered.data.registerUnidentifiedPatient.patient.id;
    const arrive = () => step('registerArrival(patientId: $p, mode: "ambulance", idempotencyKey: "desk-1-tap")', '$p: ID!', { p });
    expect((await arrive()).id).toBe((await arrive()).id);

    const bad = await call<{ registerArrival: { code: string; message: string } }>('ed', `mutation($p: ID!) { registerArrival(patientId: $p, mode: "helicopter") { ${result} } }`, { p });
    expect(bad.data.registerArrival).toEqual({ __typename: 'Refusal', code: 'INVALID_INPUT', message: 'mode must be one of walk-in, ambulance, transfer (got "helicopter")' });
    const billing = await call('biller', `{ edBoard { visits { id } } }`);
    expect(billing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('opens one visit for 20 concurrent arrivals with one key, and refuses the key for another mode of arrival', async () => {
    const registered = await call<{ registerUnidentifiedPatient: { patient: { id: string } } }>(
      'ed',
      `mutation { registerUnidentifiedPatient(sex: "male", estimatedAgeYears: 50, circumstances: "walked in, confused") { ... on PatientRegistered { patient { id } } } }`,
    );
    const p = registered.data.registerUnidentifiedPatient.patient.id;
    const arrive = (mode: string) =>
      call<{ registerArrival: { __typename: string; visit?: { id: string }; code?: string } }>('ed', `mutation($p: ID!, $m: String!) { registerArrival(patientId: $p, mode: $m, idempotencyKey: "desk-2-submit") { ${result} } }`, { p, m: mode }).then(
        (r) => r.data.registerArrival,
      );

    const answers = await Promise.all(Array.from({ length: 20 }, () => arrive('walk-in')));

    expect(answers.filter((a) => a.__typename !== 'EdVisitChanged')).toEqual([]);
    expect(new Set(answers.map((a) => a.visit!.id)).size).toBe(1);
    const arrivals = () => db.pool.query(`SELECT stream_id FROM ed.events WHERE event_type = 'ed.visit.arrived' AND data->>'patientId' = $1`, [p]).then((r) => r.rows.length);
    expect(await arrivals()).toBe(1);
    expect(await arrive('ambulance')).toMatchObject({ __typename: 'Refusal', code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await arrivals()).toBe(1);
  });

  it('moves the visits of a record ADT merged into another to the survivor, also for steps after the merge', async () => {
    const { patientId: retired, visitId } = await arrival('Duplicate', minutesAgo(Date.now(), -20));
    const survivor = await call<{ registerPatient: { patient: { id: string } } }>(
      'registrar',
      `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ... on PatientRegistered { patient { id } } } }`,
      { d: { familyName: 'Original', givenNames: ['Test'], birthDate: '1971-05-02', sex: 'male' } },
    );
    const survivorId = survivor.data.registerPatient.patient.id;
    const merged = await call<{ mergePatients: { __typename: string } }>('registrar', `mutation($r: ID!, $s: ID!) { mergePatients(retiredPatientId: $r, survivorPatientId: $s, reason: "same person") { __typename } }`, {
      r: retired,
      s: survivorId,
    });
    expect(merged.data.mergePatients.__typename).not.toBe('Refusal');

    const edVisitsOf = (p: string) => call<{ patient: { edVisits: { nodes: Array<{ id: string; patientId: string }> } } }>('nurse', `query($p: ID!) { patient(id: $p) { edVisits { nodes { id patientId } } } }`, { p });
    await eventually(() => edVisitsOf(survivorId), (r) => r.data.patient.edVisits.nodes.length === 1, 'the visit following the merge');
    const later = await step('assignNurse(visitId: $v, nurseId: "rn-rosa")', '$v: ID!', { v: visitId });
    expect(later).toMatchObject({ id: visitId });
    expect((await edVisitsOf(survivorId)).data.patient.edVisits.nodes).toEqual([{ id: visitId, patientId: survivorId }]);
  });

  it('reads every read-model table through its Prisma model, with a field for every column', async () => {
    const readModel = createReadModel(db.url);
    try {
      const rows = {
        visits: await readModel.visit.findFirstOrThrow(),
        bed_requests: await readModel.bedRequest.findFirstOrThrow(),
        patient_merges: await readModel.patientMerge.findFirstOrThrow(),
      };
      for (const [table, row] of Object.entries(rows)) {
        const { rows: columns } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'ed' AND table_name = $1`, [table]);
        expect([table, Object.keys(row).length]).toEqual([table, columns[0]!.n]);
      }
    } finally {
      await readModel.$disconnect();
    }
  });
});
