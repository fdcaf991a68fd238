import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { AdtApplication } from '../src/application/adt-application.js';
import { demoHospital } from '../src/domain/facility.js';
import { BedOccupiedError, PotentialDuplicateError } from '../src/domain/adt-errors.js';
import { isValidMrn } from '../src/domain/mrn.js';

const registrar = { actor: { id: 'reg-1', role: 'registrar' } };
const ada = { familyName: 'Lovelace', givenNames: ['Ada'], birthDate: '1815-12-10', sex: 'female' as const, phone: null, address: null };

describe('ADT application', () => {
  let db: TestDatabase;
  let adt: AdtApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    adt = new AdtApplication(db.pool, 'America/New_York');
    await adt.migrate();
    await adt.commissionFacility(demoHospital.units, registrar);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('commissions the demo hospital once, however often it starts', async () => {
    expect(await adt.commissionFacility(demoHospital.units, registrar)).toBe(0);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM adt.bed_board`);
    expect(rows[0].n).toBe(demoHospital.units.reduce((n, u) => n + u.rooms.reduce((m, r) => m + r.beds.length, 0), 0));
  });

  it('registers with a valid MRN, warns of a duplicate, and registers it only with a reason', async () => {
    const first = await adt.registerPatient({ demographics: ada }, registrar);
    expect(isValidMrn(first.mrn)).toBe(true);
    await expect(adt.registerPatient({ demographics: { ...ada, familyName: 'LOVELACE' } }, registrar)).rejects.toThrow(PotentialDuplicateError);
    const second = await adt.registerPatient({ demographics: ada, duplicateOverrideReason: 'twin sister, confirmed at the desk' }, registrar);
    expect(second.mrn).not.toBe(first.mrn);
    const events = await adt.store.readStream(`patient-${second.patientId}`);
    expect(events[0]!.data).toMatchObject({ duplicateOverride: { reason: 'twin sister, confirmed at the desk', candidatePatientIds: [first.patientId] } });
  });

  it('counts a 23:59 transfer entered after midnight on the new unit in that night’s census (scenario 10)', async () => {
    const { patientId } = await adt.registerPatient({ demographics: { ...ada, familyName: 'Hopper', givenNames: ['Grace'], birthDate: '1906-12-09' } }, registrar);
    await adt.place({ type: 'Admit', encounterId: 'enc-census', patientId, class: 'inpatient', bed: { bedId: '4W-01A', unitId: '4W' }, at: '2026-03-02T15:00:00Z', isolationNeeded: null }, registrar);
    await adt.place({ type: 'Transfer', encounterId: 'enc-census', to: { bedId: '5E-03', unitId: '5E' }, at: '2026-03-03T04:59:00Z', isolationNeeded: null }, registrar);
    const census = await adt.census('2026-03-02');
    expect(census.lines).toEqual([
      { unitId: '4W', class: 'inpatient', patients: 0, admissions: 1, transfersIn: 0, transfersOut: 1, discharges: 0 },
      { unitId: '5E', class: 'inpatient', patients: 1, admissions: 0, transfersIn: 1, transfersOut: 0, discharges: 0 },
    ]);
    expect(census.patientDays).toBe(1);
  });

  it('refuses to admit into an occupied bed with a sentence the bed manager can act on', async () => {
    const { patientId } = await adt.registerPatient({ demographics: { ...ada, familyName: 'Curie', givenNames: ['Marie'], birthDate: '1867-11-07' } }, registrar);
    await expect(
      adt.place({ type: 'Admit', encounterId: 'enc-occupied', patientId, class: 'inpatient', bed: { bedId: '5E-03', unitId: '5E' }, at: '2026-03-03T10:00:00Z', isolationNeeded: null }, registrar),
    ).rejects.toThrow(BedOccupiedError);
  });
});
