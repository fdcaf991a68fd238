import HL7 from 'hl7-standard';
import type { Demographics } from '@ehr/contracts';
import type { EncounterEvent } from '../../domain/encounter.decider.js';
import { adtMessage, type Hl7Context, personMessage } from './adt-message.js';
import { escapeHl7 } from './hl7-writer.js';

const demographics: Demographics = { familyName: "O'Brien|Smith", givenNames: ['Mary', 'Ann'], birthDate: '1950-02-03', sex: 'female', phone: '555-0100', address: null };
const beds: Record<string, { unitId: string; roomId: string; label: string }> = {
  'ICU-02': { unitId: 'ICU', roomId: 'ICU-R2', label: '02' },
  '3N-07': { unitId: '3N', roomId: '3N-R07', label: '07' },
};
const context: Hl7Context = {
  facility: { id: 'GENHOSP', zone: 'America/New_York', sendingApplication: 'EHR-ADT', receivingApplication: 'LAB', receivingFacility: 'GENHOSP' },
  controlId: 'MSG00001',
  recordedAt: '2026-03-03T05:20:00Z',
  operatorId: 'reg-7',
  patient: { mrn: '00000018', demographics },
  encounter: { encounterId: 'enc-1', class: 'inpatient', admittedAt: '2026-03-02T13:00:00Z', bedId: '3N-07' },
  describeBed: (id) => beds[id]!,
};

function parse(raw: string): HL7 {
  const hl7 = new HL7(raw, { lineEndings: '\r' });
  hl7.transform();
  return hl7;
}

describe('HL7 v2.5.1 ADT messages, read back by an independent parser', () => {
  it('sends a transfer as A02 with the new bed in PV1-3 and the old in PV1-6, timed by effective time', () => {
    const transfer: EncounterEvent = { type: 'adt.encounter.transferred', data: { encounterId: 'enc-1', from: { bedId: '3N-07', unitId: '3N' }, to: { bedId: 'ICU-02', unitId: 'ICU' }, at: '2026-03-03T04:59:00Z' } };
    const hl7 = parse(adtMessage(transfer, context)!);
    expect(hl7.get('MSH.9.1')).toBe('ADT');
    expect(hl7.get('MSH.9.2')).toBe('A02');
    expect(hl7.get('MSH.12')).toBe('2.5.1');
    expect(hl7.get('EVN.6')).toBe('20260302235900-0500');
    expect(hl7.get('PID.3.1')).toBe('00000018');
    expect(hl7.get('PID.7')).toBe('19500203');
    expect(hl7.get('PV1.2')).toBe('I');
    expect(hl7.get('PV1.3.1')).toBe('ICU');
    expect(hl7.get('PV1.3.3')).toBe('02');
    expect(hl7.get('PV1.6.1')).toBe('3N');
    expect(hl7.get('PV1.19')).toBe('enc-1');
  });

  it('escapes delimiters inside names so the message structure survives', () => {
    const raw = adtMessage({ type: 'adt.patient.demographics-updated', data: { patientId: 'p1', demographics } }, context)!;
    expect(raw).toContain(escapeHl7("O'Brien|Smith"));
    const hl7 = parse(raw);
    expect(hl7.get('MSH.9.2')).toBe('A08');
    expect(hl7.get('PID.8')).toBe('F');
    expect(hl7.getSegments('PID')).toHaveLength(1);
  });

  it('cancels a transfer with A12: PV1-3 is the bed before the transfer', () => {
    const cancel: EncounterEvent = {
      type: 'adt.encounter.transfer-cancelled',
      data: { encounterId: 'enc-1', from: { bedId: 'ICU-02', unitId: 'ICU' }, backTo: { bedId: '3N-07', unitId: '3N' }, transferAt: '2026-03-03T03:10:00Z', reason: 'entered in error' },
    };
    const hl7 = parse(adtMessage(cancel, context)!);
    expect(hl7.get('MSH.9.2')).toBe('A12');
    expect(hl7.get('PV1.3.1')).toBe('3N');
    expect(hl7.get('PV1.6.1')).toBe('ICU');
  });

  it('discharges with A03 carrying the disposition and discharge time', () => {
    const discharged: EncounterEvent = { type: 'adt.encounter.discharged', data: { encounterId: 'enc-1', bedId: '3N-07', unitId: '3N', disposition: '01', at: '2026-03-04T16:00:00Z' } };
    const hl7 = parse(adtMessage(discharged, context)!);
    expect(hl7.get('MSH.9.2')).toBe('A03');
    expect(hl7.get('PV1.36')).toBe('01');
    expect(hl7.get('PV1.45')).toBe('20260304110000-0500');
    expect(hl7.get('PV1.44')).toBe('20260302080000-0500');
  });

  it('admits an emergency visit as A04 with class E, and observation as class O', () => {
    const admit = (cls: 'emergency' | 'observation'): EncounterEvent => ({ type: 'adt.encounter.admitted', data: { encounterId: 'enc-2', patientId: 'p1', class: cls, bedId: '3N-07', unitId: '3N', at: '2026-03-02T13:00:00Z' } });
    const er = parse(adtMessage(admit('emergency'), context)!);
    expect([er.get('MSH.9.2'), er.get('PV1.2')]).toEqual(['A04', 'E']);
    const obs = parse(adtMessage(admit('observation'), context)!);
    expect([obs.get('MSH.9.2'), obs.get('PV1.2')]).toEqual(['A01', 'O']);
  });

  it('merges with A40: PID is the survivor (name and MRN), MRG the retired MRN', () => {
    const merged = { type: 'adt.patient.merged-into', data: { patientId: 'pA', mrn: '00000018', survivorPatientId: 'pB', survivorMrn: '00000026', reason: 'same person' } } as const;
    const survivor = { mrn: '00000026', demographics: { ...demographics, familyName: 'Survivor' } };
    const hl7 = parse(adtMessage(merged, { ...context, patient: survivor })!);
    expect(hl7.get('MSH.9.2')).toBe('A40');
    expect([hl7.get('PID.3.1'), hl7.get('PID.5.1')]).toEqual(['00000026', 'Survivor']);
    expect(hl7.get('MRG.1.1')).toBe('00000018');
  });

  it('declares UTF-8 in MSH-18 and sends the expected admission of a pre-admission in PV2-8', () => {
    const preadmitted = { type: 'adt.encounter.preadmitted', data: { encounterId: 'enc-3', patientId: 'p1', class: 'inpatient', expectedAt: '2026-03-04T12:00:00Z', bed: null } } as const;
    const hl7 = parse(adtMessage(preadmitted, context)!);
    expect([hl7.get('MSH.9.2'), hl7.get('MSH.18'), hl7.get('PV2.8')]).toEqual(['A05', 'UNICODE UTF-8', '20260304070000-0500']);
  });

  it('sends a leave of absence as A21 with the expected return, and the return as A22', () => {
    const out = parse(adtMessage({ type: 'adt.encounter.leave-started', data: { encounterId: 'enc-1', at: '2026-03-02T23:00:00Z', expectedReturnAt: '2026-03-03T15:00:00Z' } }, context)!);
    expect(out.get('MSH.9.2')).toBe('A21');
    expect(out.get('PV2.47')).toBe('20260303100000-0500');
    const back = parse(adtMessage({ type: 'adt.encounter.leave-ended', data: { encounterId: 'enc-1', at: '2026-03-03T15:00:00Z' } }, context)!);
    expect(back.get('MSH.9.2')).toBe('A22');
  });

  it('sends an identified patient as A08 with the real name; an alias goes out without a birth date', () => {
    const identified = parse(adtMessage({ type: 'adt.patient.identified', data: { patientId: 'p1', demographics, howConfirmed: 'passport' } }, context)!);
    expect(identified.get('MSH.9.2')).toBe('A08');
    expect(identified.get('PID.7')).toBe('19500203');
    const alias = { ...context, patient: { mrn: '00000034', demographics: { familyName: 'Unidentified-Kilo', givenNames: ['0011'], birthDate: null, sex: 'male' as const, phone: null, address: null } } };
    const transfer: EncounterEvent = { type: 'adt.encounter.transferred', data: { encounterId: 'enc-1', from: { bedId: '3N-07', unitId: '3N' }, to: { bedId: 'ICU-02', unitId: 'ICU' }, at: '2026-03-03T04:59:00Z' } };
    const hl7 = parse(adtMessage(transfer, alias)!);
    expect(hl7.get('PID.5.1')).toBe('Unidentified-Kilo');
    expect(hl7.get('PID.7')).toBe('');
  });

  it('sends nothing for a bare registration', () => {
    expect(adtMessage({ type: 'adt.patient.registered', data: { patientId: 'p1', mrn: '00000018', demographics, duplicateOverride: null } }, context)).toBeNull();
  });
});

describe('a bed swap and the person messages of a master patient index', () => {
  it('sends two patients exchanging beds as one A17: each PID with its PV1, the new bed in PV1-3 and the one left in PV1-6', () => {
    const swap: EncounterEvent = {
      type: 'adt.encounter.transferred',
      data: { encounterId: 'enc-1', from: { bedId: '3N-07', unitId: '3N' }, to: { bedId: 'ICU-02', unitId: 'ICU' }, at: '2026-03-03T04:59:00Z', swappedWith: 'enc-2' },
    };
    const partner = {
      patient: { mrn: '00000026', demographics: { ...demographics, familyName: 'Nightingale', givenNames: ['Florence'] } },
      encounter: { encounterId: 'enc-2', class: 'observation' as const, admittedAt: '2026-03-01T10:00:00Z', bedId: '3N-07' },
    };
    const raw = adtMessage(swap, { ...context, swapPartner: partner })!;
    const segments = raw.split('\r').map((s) => s.split('|'));
    expect(segments.map((s) => s[0])).toEqual(['MSH', 'EVN', 'PID', 'PV1', 'PID', 'PV1']);
    expect(segments[0]![8]).toBe('ADT^A17^ADT_A17');
    const [, , pid1, pv11, pid2, pv12] = segments as string[][];
    expect([pid1![3], pv11![2], pv11![3], pv11![6], pv11![19]]).toEqual(['00000018^^^GENHOSP^MR', 'I', 'ICU^ICU-R2^02^GENHOSP', '3N^3N-R07^07^GENHOSP', 'enc-1']);
    expect([pid2![3], pid2![5], pv12![2], pv12![3], pv12![6], pv12![19]]).toEqual(['00000026^^^GENHOSP^MR', 'Nightingale^Florence', 'O', '3N^3N-R07^07^GENHOSP', 'ICU^ICU-R2^02^GENHOSP', 'enc-2']);
  });

  it('adds a person as A28 and updates one as A31, each an ADT_A05 whose PV1 says no visit (N)', () => {
    const registered = personMessage({ type: 'adt.patient.registered', data: { patientId: 'p1', mrn: '00000018', demographics, duplicateOverride: null } }, context)!;
    const hl7 = parse(registered);
    expect([hl7.get('MSH.9.1'), hl7.get('MSH.9.2'), hl7.get('MSH.9.3'), hl7.get('EVN.1'), hl7.get('PID.3.1'), hl7.get('PV1.2')]).toEqual(['ADT', 'A28', 'ADT_A05', 'A28', '00000018', 'N']);
    const corrected = parse(personMessage({ type: 'adt.patient.demographics-updated', data: { patientId: 'p1', demographics, reason: 'moved', changed: ['address'] } }, context)!);
    expect([corrected.get('MSH.9.2'), corrected.get('MSH.9.3')]).toEqual(['A31', 'ADT_A05']);
    expect(personMessage({ type: 'adt.patient.wristband-printed', data: { patientId: 'p1' } }, context)).toBeNull();
  });
});
