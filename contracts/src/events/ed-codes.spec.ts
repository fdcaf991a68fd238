import { acuteHospitalTransferStatuses, edDischargeHomeStatuses, edTransferStatuses, esiLevel, pv1DischargeDisposition } from './ed-codes.js';
import { edVisitDischargeDecided } from './ed.events.js';

describe('ED codes', () => {
  it('keeps LWBS apart from AMA in PV1-36 with the local code, though both bill as UB-04 07', () => {
    expect(pv1DischargeDisposition('lwbs', '07')).toBe('LWB');
    expect(pv1DischargeDisposition('ama', '07')).toBe('07');
    expect(pv1DischargeDisposition('discharged', '06')).toBe('06');
  });

  it('never lets a status mean both a discharge home and a transfer out', () => {
    expect(edDischargeHomeStatuses.filter((s) => (edTransferStatuses as readonly string[]).includes(s))).toEqual([]);
    expect(acuteHospitalTransferStatuses.every((s) => (edTransferStatuses as readonly string[]).includes(s))).toBe(true);
  });

  it('knows five ESI levels', () => {
    expect([0, 1, 5, 6].map((level) => esiLevel.safeParse(level).success)).toEqual([false, true, true, false]);
  });

  it('takes an ICD-10-CM code as the ED diagnosis, with or without the dot', () => {
    const decided = (diagnosisCode: string | null) =>
      edVisitDischargeDecided.schema.safeParse({ visitId: 'v1', disposition: 'discharged', dischargeStatus: '01', diagnosisCode, at: '2026-03-02T15:00:00Z' }).success;
    expect([decided('F32.9'), decided('K3580'), decided('U07.1'), decided(null)]).toEqual([true, true, true, true]);
    expect([decided('depression'), decided('32.9'), decided('F3')]).toEqual([false, false, false]);
  });
});
