import { join } from 'node:path';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { hospitalCounts, seedDemoHospital } from './seed.ts';

const repo = join(import.meta.dirname, '..', '..');

/** The demo hospital as `npm start` seeds it: every service, the gateway, the seed through its API. */
describe('the demo hospital seed', () => {
  let db: TestDatabase;
  let stack: ServiceStack;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({
      repo,
      services: ['adt', 'ed', 'orders', 'mar', 'revenue'],
      databaseUrl: db.url,
      envFor: { gateway: { AUTH_MODE: 'dev', NODE_ENV: 'development' } },
    });
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('fills the beds, the ED board, the pharmacist’s queue and the claims queues, all through the gateway', async () => {
    const log: string[] = [];
    const first = await seedDemoHospital({ gatewayUrl: stack.gateway.url, log: (line) => log.push(line) });
    expect(log.filter((line) => line.startsWith('failed'))).toEqual([]);
    expect(first).toMatchObject({ alreadySeeded: false, created: 57, failed: 0 });
    expect(first.counts).toMatchObject({
      inpatientsInBeds: 40,
      edVisitsByStatus: { waiting: 3, triaged: 3, roomed: 3, boarding: 3 },
      workQueues: expect.objectContaining({ coding: expect.any(Number), 'claim-edit': 1, 'follow-up': 1, denial: 1 }),
    });
    // Every fifth inpatient's medication orders wait for the pharmacist (3 or 4 each).
    expect(first.counts.pendingVerifications).toBeGreaterThanOrEqual(8 * 3);

    // The ED's boarders asked ADT for a bed; the nurse's MAR shows doses given and doses waiting
    // for her. Which of due, late or missed they are depends on the hour the shift began.
    const requests = await stack.call<{ bedRequests: Array<{ id: string }> }>('bedmanager', '{ bedRequests { id } }');
    expect(requests.data.bedRequests).toHaveLength(3);
    const [firstInpatient] = (await stack.call<{ searchPatients: Array<{ id: string }> }>('nurse', `{ searchPatients(familyName: "Abara") { id } }`)).data.searchPatients;
    const mar = await stack.call<{ marForShift: { doses: Array<{ status: string; timing: string | null }> } }>('nurse', `query($p: ID!) { marForShift(patientId: $p) { doses { status timing } } }`, { p: firstInpatient!.id });
    const timings = mar.data.marForShift.doses.map((d) => d.timing ?? d.status);
    expect(timings.filter((t) => ['due', 'late', 'missed'].includes(t)).length).toBeGreaterThanOrEqual(2);
    expect(mar.data.marForShift.doses.some((d) => d.status === 'given')).toBe(true);
  }, 600_000);

  it('changes nothing when run again (a second start)', async () => {
    const before = await hospitalCounts(stack.gateway.url);
    const again = await seedDemoHospital({ gatewayUrl: stack.gateway.url });
    expect(again).toMatchObject({ alreadySeeded: true, created: 0, failed: 0 });
    expect(again.counts).toEqual(before);
  }, 300_000);
});
