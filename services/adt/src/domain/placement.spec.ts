import { fold } from '@ehr/platform';
import { type BedEvent, bedDecider } from './bed.decider.js';
import { type BedLocation, encounterDecider, type EncounterEvent } from './encounter.decider.js';
import { bedsInvolved, decidePlacement, type PlacementCommand, type PlacementState } from './placement.js';
import { BedNotReadyError, BedOccupiedError, ClinicalDataExistsError, EncounterStateError } from './adt-errors.js';

// The ADT scenarios of the domain file, decided purely over an encounter and its beds.

const bed = (bedId: string, unitId: string): BedLocation => ({ bedId, unitId });
const W12A = bed('4W-12A', '4W');
const W14B = bed('4W-14B', '4W');
const N3 = bed('3N-07', '3N');
const ICU = bed('ICU-02', 'ICU');
const S6 = bed('6S-02', '6S');

const commissioned = (b: BedLocation): BedEvent => ({ type: 'adt.bed.commissioned', data: { ...b, roomId: `${b.bedId}-room`, label: b.bedId, sharing: false } });
const occupied = (b: BedLocation, encounterId: string, patientId: string, at = '2026-03-02T08:00:00Z'): BedEvent => ({ type: 'adt.bed.occupied', data: { ...b, encounterId, patientId, at } });
const admitted = (encounterId: string, patientId: string, b: BedLocation, at = '2026-03-02T08:00:00Z'): EncounterEvent => ({
  type: 'adt.encounter.admitted',
  data: { encounterId, patientId, class: 'inpatient', ...b, at },
});

function given(encounter: EncounterEvent[], beds: Array<[BedLocation, BedEvent[]]>): PlacementState {
  return {
    encounter: fold(encounterDecider, encounter),
    beds: new Map(beds.map(([b, events]) => [b.bedId, fold(bedDecider, [commissioned(b), ...events])])),
  };
}

const eventsFor = (decision: ReturnType<typeof decidePlacement>, b: BedLocation) => decision.beds.find((x) => x.bedId === b.bedId)?.events ?? [];

describe('placement: admit, transfer, discharge and their cancellations', () => {
  it('refuses a transfer into an occupied bed and changes nothing (scenario 1)', () => {
    const state = given([admitted('e2', 'p2', W14B)], [
      [W12A, [occupied(W12A, 'e1', 'p1')]],
      [W14B, [occupied(W14B, 'e2', 'p2')]],
    ]);
    const transfer: PlacementCommand = { type: 'Transfer', encounterId: 'e2', to: W12A, at: '2026-03-02T12:00:00Z', isolationNeeded: null };
    expect(() => decidePlacement(transfer, state)).toThrow(BedOccupiedError);
    expect(() => decidePlacement(transfer, state)).toThrow(/4W-12A is occupied; choose another bed, or free this one first/);
  });

  it('moves the patient, dirties the old bed and occupies the new one in one decision', () => {
    const state = given([admitted('e1', 'p1', N3)], [[N3, [occupied(N3, 'e1', 'p1')]], [ICU, []]]);
    const decision = decidePlacement({ type: 'Transfer', encounterId: 'e1', to: ICU, at: '2026-03-02T22:10:00Z', isolationNeeded: null }, state);
    expect(decision.encounter).toEqual([{ type: 'adt.encounter.transferred', data: { encounterId: 'e1', from: N3, to: ICU, at: '2026-03-02T22:10:00Z' } }]);
    expect(eventsFor(decision, ICU).map((e) => e.type)).toEqual(['adt.bed.occupied']);
    expect(eventsFor(decision, N3)).toEqual([
      { type: 'adt.bed.vacated', data: { ...N3, encounterId: 'e1', patientId: 'p1', at: '2026-03-02T22:10:00Z', needsCleaning: true } },
    ]);
  });

  it('refuses a transfer into a dirty bed (scenario 2)', () => {
    const dirty: BedEvent = { type: 'adt.bed.vacated', data: { ...ICU, encounterId: 'e9', patientId: 'p9', at: '2026-03-02T07:00:00Z', needsCleaning: true } };
    const state = given([admitted('e1', 'p1', N3)], [[N3, [occupied(N3, 'e1', 'p1')]], [ICU, [occupied(ICU, 'e9', 'p9'), dirty]]]);
    expect(() => decidePlacement({ type: 'Transfer', encounterId: 'e1', to: ICU, at: '2026-03-02T12:00:00Z', isolationNeeded: null }, state)).toThrow(BedNotReadyError);
  });

  it('cancels a transfer: back to the 3N bed, the never-used ICU bed clean again (scenario 3)', () => {
    const transferred: EncounterEvent = { type: 'adt.encounter.transferred', data: { encounterId: 'e1', from: N3, to: ICU, at: '2026-03-02T22:10:00Z' } };
    const n3Out: BedEvent = { type: 'adt.bed.vacated', data: { ...N3, encounterId: 'e1', patientId: 'p1', at: '2026-03-02T22:10:00Z', needsCleaning: true } };
    const state = given([admitted('e1', 'p1', N3), transferred], [
      [N3, [occupied(N3, 'e1', 'p1'), n3Out]],
      [ICU, [occupied(ICU, 'e1', 'p1', '2026-03-02T22:10:00Z')]],
    ]);
    const cancel: PlacementCommand = { type: 'CancelTransfer', encounterId: 'e1', reason: 'entered in error', patientArrived: false, at: '2026-03-03T08:00:00Z', isolationNeeded: null };
    expect(bedsInvolved(cancel, state.encounter).sort()).toEqual([N3.bedId, ICU.bedId].sort());
    const decision = decidePlacement(cancel, state);
    expect(decision.encounter).toEqual([
      { type: 'adt.encounter.transfer-cancelled', data: { encounterId: 'e1', from: ICU, backTo: N3, transferAt: '2026-03-02T22:10:00Z', reason: 'entered in error' } },
    ]);
    expect(eventsFor(decision, N3).map((e) => e.type)).toEqual(['adt.bed.occupied']);
    expect(eventsFor(decision, ICU)).toEqual([
      { type: 'adt.bed.vacated', data: { ...ICU, encounterId: 'e1', patientId: 'p1', at: '2026-03-03T08:00:00Z', needsCleaning: false } },
    ]);
  });

  const discharged: EncounterEvent = { type: 'adt.encounter.discharged', data: { encounterId: 'e1', ...W12A, disposition: '01', at: '2026-03-02T11:00:00Z' } };
  const w12aOut: BedEvent = { type: 'adt.bed.vacated', data: { ...W12A, encounterId: 'e1', patientId: 'p1', at: '2026-03-02T11:00:00Z', needsCleaning: true } };

  it('discharges: the bed goes dirty for EVS', () => {
    const state = given([admitted('e1', 'p1', W12A)], [[W12A, [occupied(W12A, 'e1', 'p1')]]]);
    const decision = decidePlacement({ type: 'Discharge', encounterId: 'e1', disposition: '01', at: '2026-03-02T11:00:00Z' }, state);
    expect(decision.encounter).toEqual([discharged]);
    expect(eventsFor(decision, W12A)).toEqual([w12aOut]);
  });

  it('cancels a discharge while the bed is still free: same bed, occupied again (scenario 4)', () => {
    const state = given([admitted('e1', 'p1', W12A), discharged], [[W12A, [occupied(W12A, 'e1', 'p1'), w12aOut]]]);
    const decision = decidePlacement({ type: 'CancelDischarge', encounterId: 'e1', bed: W12A, reason: 'discharged the wrong patient', at: '2026-03-02T11:20:00Z', isolationNeeded: null }, state);
    expect(decision.encounter[0]).toEqual({
      type: 'adt.encounter.discharge-cancelled',
      data: { encounterId: 'e1', ...W12A, previousBed: W12A, reason: 'discharged the wrong patient' },
    });
    expect(eventsFor(decision, W12A).map((e) => e.type)).toEqual(['adt.bed.occupied']);
    expect(fold(encounterDecider, [admitted('e1', 'p1', W12A), discharged, ...decision.encounter])).toMatchObject({ status: 'in-progress', dischargedAt: null, disposition: null });
  });

  it('cancels a discharge after the bed went to someone else only into a new bed (scenario 5)', () => {
    const reassigned = [occupied(W12A, 'e1', 'p1'), w12aOut, { type: 'adt.bed.cleaned', data: { ...W12A, at: '2026-03-02T11:10:00Z', turnaroundMinutes: 10, waitMinutes: 0, cleanMinutes: 10 } } as BedEvent, occupied(W12A, 'e2', 'p2', '2026-03-02T11:15:00Z')];
    const state = given([admitted('e1', 'p1', W12A), discharged], [[W12A, reassigned], [W14B, []]]);
    const sameBed: PlacementCommand = { type: 'CancelDischarge', encounterId: 'e1', bed: W12A, reason: 'wrong patient', at: '2026-03-02T11:20:00Z', isolationNeeded: null };
    expect(() => decidePlacement(sameBed, state)).toThrow(BedOccupiedError);
    const decision = decidePlacement({ ...sameBed, bed: W14B }, state);
    expect(decision.encounter[0]!.data).toMatchObject({ bedId: W14B.bedId, previousBed: W12A });
    expect(decision.beds.map((b) => b.bedId)).toEqual([W14B.bedId]);
  });

  it('cancels an admission: the bed is clean if the patient never arrived (scenario 6)', () => {
    const state = given([admitted('e1', 'p1', W12A)], [[W12A, [occupied(W12A, 'e1', 'p1')]]]);
    const cancel: PlacementCommand = { type: 'CancelAdmit', encounterId: 'e1', reason: 'admitted the wrong patient', patientArrived: false, hasClinicalData: false, at: '2026-03-02T09:00:00Z' };
    const decision = decidePlacement(cancel, state);
    expect(decision.encounter.map((e) => e.type)).toEqual(['adt.encounter.admit-cancelled']);
    expect(eventsFor(decision, W12A)[0]).toMatchObject({ type: 'adt.bed.vacated', data: { needsCleaning: false } });
    expect(() => decidePlacement({ ...cancel, hasClinicalData: true }, state)).toThrow(ClinicalDataExistsError);
  });

  it('admits a pre-admitted patient into the reserved bed, reusing the encounter (scenario 8)', () => {
    const preadmitted: EncounterEvent = { type: 'adt.encounter.preadmitted', data: { encounterId: 'e1', patientId: 'p1', class: 'inpatient', expectedAt: '2026-03-03T07:00:00Z', bed: S6 } };
    const reserved: BedEvent = { type: 'adt.bed.reserved', data: { ...S6, encounterId: 'e1', patientId: 'p1', overrideReason: null } };
    const state = given([preadmitted], [[S6, [reserved]]]);
    const admit: PlacementCommand = { type: 'Admit', encounterId: 'e1', patientId: 'p1', class: 'inpatient', bed: S6, at: '2026-03-03T07:40:00Z', isolationNeeded: null };
    const decision = decidePlacement(admit, state);
    expect(decision.encounter.map((e) => e.type)).toEqual(['adt.encounter.admitted']);
    expect(eventsFor(decision, S6).map((e) => e.type)).toEqual(['adt.bed.occupied']);
    expect(() => decidePlacement({ ...admit, patientId: 'p2' }, state)).toThrow(/pre-admitted for another patient/);
  });

  it('releases the reservation when a pre-admission is cancelled', () => {
    const preadmitted: EncounterEvent = { type: 'adt.encounter.preadmitted', data: { encounterId: 'e1', patientId: 'p1', class: 'inpatient', expectedAt: '2026-03-03T07:00:00Z', bed: S6 } };
    const reserved: BedEvent = { type: 'adt.bed.reserved', data: { ...S6, encounterId: 'e1', patientId: 'p1', overrideReason: null } };
    const decision = decidePlacement({ type: 'CancelPreadmit', encounterId: 'e1', reason: 'surgery postponed' }, given([preadmitted], [[S6, [reserved]]]));
    expect(eventsFor(decision, S6).map((e) => e.type)).toEqual(['adt.bed.reservation-released']);
  });

  it('refuses to transfer a discharged patient', () => {
    const state = given([admitted('e1', 'p1', W12A), discharged], [[W12A, [occupied(W12A, 'e1', 'p1'), w12aOut]], [W14B, []]]);
    expect(() => decidePlacement({ type: 'Transfer', encounterId: 'e1', to: W14B, at: '2026-03-02T12:00:00Z', isolationNeeded: null }, state)).toThrow(EncounterStateError);
    expect(() => decidePlacement({ type: 'Transfer', encounterId: 'e1', to: W14B, at: '2026-03-02T12:00:00Z', isolationNeeded: null }, state)).toThrow(/is discharged, so it cannot be transferred/);
  });
});
