import { join } from 'node:path';
import { pageSizes } from '@ehr/platform';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';

const repo = join(import.meta.dirname, '..', '..');

interface Version {
  number: number;
  phone: string | null;
}
interface HistoryPage {
  patient: { demographicsHistory: { edges: Array<{ cursor: string; node: Version }>; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number } };
}

const historyPage = `query($p: ID!, $after: String) { patient(id: $p) { demographicsHistory(first: 10, after: $after) { edges { cursor node { number phone } } pageInfo { hasNextPage endCursor } totalCount } } }`;

/** The whole patient record in one query: every list's first page, with the lists nested in them. */
const page = 'pageInfo { hasNextPage endCursor } totalCount';
const wholeRecord = (first = '') => `query($p: ID!) { patient(id: $p) {
  id mrn familyName givenNames birthDate sex phone address { line city }
  demographicsHistory${first} { nodes { number at by reason changed familyName phone } ${page} }
  encounters { id class status unitId bedId admittedAt dischargedAt classHistory { class from }
    orders${first} { nodes { id kind status summary placedAt } ${page} } account { id } }
  orders${first} { edges { cursor node { id kind status verification priority summary orderedBy placedAt } } ${page} }
  allergies { id substance reaction criticality }
  medicationAdministrations { id status dueAt }
  edVisits${first} { nodes { id arrivedAt arrivalMode esi chiefComplaint status disposition departedAt } ${page} }
  accounts${first} { nodes { id accountClass charges { chargeCode } claims { id } } ${page} }
} }`;

describe('the patient record, a page at a time, within the cost limit', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let patientId = '';

  const correct = (phone: string) =>
    stack.call(
      'registrar',
      `mutation($p: ID!, $d: DemographicsInput!) { correctDemographics(patientId: $p, demographics: $d, reason: "new phone number") { __typename } }`,
      { p: patientId, d: { familyName: 'Lovelace', givenNames: ['Ada'], birthDate: '1915-12-10', sex: 'female', phone } },
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt', 'orders', 'mar', 'ed', 'revenue'], databaseUrl: db.url });
    const registered = await stack.call<{ registerPatient: { patient: { id: string } } }>(
      'registrar',
      `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ... on PatientRegistered { patient { id } } } }`,
      { d: { familyName: 'Lovelace', givenNames: ['Ada'], birthDate: '1915-12-10', sex: 'female' } },
    );
    patientId = registered.data.registerPatient.patient.id;
    // The registration and 24 corrections: 25 versions, three pages of ten.
    for (let i = 1; i <= 24; i++) await correct(`617-555-${String(i).padStart(4, '0')}`);
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('reads a history longer than a page page by page, no version missing or repeated, one recorded meanwhile included', async () => {
    const seen: number[] = [];
    const cursors = new Set<string>();
    let after: string | null = null;
    for (let pages = 1; pages <= 5; pages++) {
      const answer: { data: HistoryPage; errors?: unknown } = await stack.call<HistoryPage>('registrar', historyPage, { p: patientId, after });
      expect(answer.errors).toBeUndefined();
      const history: HistoryPage['patient']['demographicsHistory'] = answer.data.patient.demographicsHistory;
      seen.push(...history.edges.map((e) => e.node.number));
      history.edges.forEach((e) => cursors.add(e.cursor));
      if (pages === 1) {
        expect(history.totalCount).toBe(25);
        await correct('617-555-9999'); // recorded between two reads: the cursor handed out still stands
      }
      if (!history.pageInfo.hasNextPage) break;
      after = history.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect(cursors.size).toBe(26);
  });

  it('answers the whole record, every list’s first page nested, within the cost limit', async () => {
    const answer = await stack.call<{ patient: { demographicsHistory: { nodes: unknown[]; pageInfo: { hasNextPage: boolean }; totalCount: number }; orders: { totalCount: number } } }>(
      'biller',
      wholeRecord(),
      { p: patientId },
    );
    // A biller reads no clinical list: those answer FORBIDDEN; what matters is that the cost limit let the query through.
    expect(answer.errors?.map((e) => e.extensions?.['code']).filter((code) => code !== 'FORBIDDEN')).toEqual([]);
    const history = answer.data.patient.demographicsHistory;
    expect(history.nodes).toHaveLength(pageSizes.default);
    expect(history.pageInfo.hasNextPage).toBe(true);
    expect(history.totalCount).toBeGreaterThan(pageSizes.default);

    // A nurse reads the clinical lists of the same record, in pages of ten.
    const nurse = await stack.call<{ patient: { orders: { totalCount: number }; edVisits: { nodes: unknown[] }; demographicsHistory: { nodes: unknown[] } } }>('nurse', wholeRecord('(first: 10)'), { p: patientId });
    expect(nurse.errors?.map((e) => e.extensions?.['field'])).toEqual(['Patient.accounts']);
    expect(nurse.data.patient.orders.totalCount).toBe(0);
    expect(nurse.data.patient.edVisits.nodes).toEqual([]);
    expect(nurse.data.patient.demographicsHistory.nodes).toHaveLength(10);
  });

  it('costs every page by its first: the same record in pages of the largest size does not fit, and is refused before it runs', async () => {
    const answer = await stack.call('nurse', wholeRecord(`(first: ${pageSizes.max})`), { p: patientId });
    expect(answer.errors?.[0]?.message).toMatch(/^the query would cost about \d+ points; the limit is 10000/);
    expect(answer.data).toBeUndefined();
  });

  it('refuses a page larger than the largest before it runs, naming first', async () => {
    const answer = await stack.call('registrar', `query($p: ID!) { patient(id: $p) { demographicsHistory(first: 5000) { nodes { number } } } }`, { p: patientId });
    expect(answer.errors?.map((e) => e.message)).toContain(`first asks for 5000 items; a page holds at most ${pageSizes.max}. Ask for the next page with after: pageInfo.endCursor.`);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', field: 'first' });
  });

  it('refuses a first of 0 or a cursor that is not one of this list as BAD_USER_INPUT naming the argument', async () => {
    const zero = await stack.call('registrar', `query($p: ID!) { patient(id: $p) { id demographicsHistory(first: 0) { nodes { number } } } }`, { p: patientId });
    expect(zero.errors?.[0]).toMatchObject({ message: `first must be a whole number from 1 to ${pageSizes.max} (got 0)`, extensions: { code: 'BAD_USER_INPUT', field: 'first' } });

    const ordersCursor = Buffer.from(JSON.stringify(['Patient.orders', '2026-01-01T00:00:00.000Z', 'o-1'])).toString('base64url');
    for (const after of ['abc', ordersCursor]) {
      const answer = await stack.call('registrar', `query($p: ID!, $a: String) { patient(id: $p) { id demographicsHistory(after: $a) { nodes { number } } } }`, { p: patientId, a: after });
      expect(answer.errors?.[0]).toMatchObject({
        message: 'after is not a cursor of Patient.demographicsHistory: pass the endCursor (or an edge’s cursor) this list returned',
        extensions: { code: 'BAD_USER_INPUT', field: 'after' },
      });
    }
    const forged = Buffer.from(JSON.stringify(['Patient.orders', 'yesterday', 'o-1'])).toString('base64url');
    const orders = await stack.call('nurse', `query($p: ID!, $a: String) { patient(id: $p) { id orders(after: $a) { nodes { id } } } }`, { p: patientId, a: forged });
    expect(orders.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  });
});
