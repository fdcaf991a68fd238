import { EventRegistry, ordersAllergyEvents } from '@ehr/contracts';
import { specFor } from '@ehr/platform/testing';
import { type AllergyCommand, allergyDecider, type AllergyEvent } from './allergy.decider.js';

const spec = specFor(allergyDecider);
const at = '2026-05-04T14:00:00Z';
const record: AllergyCommand = {
  type: 'RecordAllergy',
  patientId: 'p1',
  allergyId: 'a1',
  substance: { code: 'penicillins', display: 'Penicillins' },
  reaction: 'hives',
  criticality: 'low',
  recordedBy: 'rn-1',
  at,
};
const recorded: AllergyEvent = {
  type: 'orders.allergy.recorded',
  data: { patientId: 'p1', allergyId: 'a1', substance: { code: 'penicillins', display: 'Penicillins' }, reaction: 'hives', criticality: 'low', recordedBy: 'rn-1', at },
};
const remove: AllergyCommand = { type: 'RemoveAllergy', patientId: 'p1', allergyId: 'a1', reason: 'refuted', comment: 'tolerated amoxicillin challenge', by: 'md-1', at };

describe('allergy list', () => {
  it('records an allergy, its code in lower case and an empty reaction as none', () => {
    spec
      .given([])
      .when({ ...record, substance: { code: ' Penicillins ', display: 'Penicillins' }, reaction: ' ' })
      .then([{ ...recorded, data: { ...recorded.data, reaction: null } }]);
  });

  it('refuses an allergy with no substance', () => {
    spec.given([]).when({ ...record, substance: { code: ' ', display: '' } }).thenThrows('INVALID_ALLERGY', /substance: choose the substance/);
  });

  it('refuses the same substance twice, naming the entry already there', () => {
    spec.given([recorded]).when({ ...record, allergyId: 'a2' }).thenThrows('ALLERGY_ALREADY_RECORDED', /Penicillins is already on the allergy list \(hives\)/);
  });

  it('never reuses an entry id, even after the entry was removed', () => {
    const removed: AllergyEvent = { type: 'orders.allergy.removed', data: { patientId: 'p1', allergyId: 'a1', reason: 'entered-in-error', comment: null, by: 'rn-1', at } };
    spec.given([recorded, removed]).when(record).thenThrows('ALLERGY_ID_TAKEN');
    spec.given([recorded, removed]).when({ ...record, allergyId: 'a2' }).thenState((s) => expect(s.allergies.map((a) => a.allergyId)).toEqual(['a2']));
  });

  it("refuses a command for another patient's list", () => {
    spec.given([recorded]).when({ ...record, patientId: 'p2', allergyId: 'a9' }).thenThrows('PATIENT_MISMATCH');
  });

  it('removes an allergy with a reason and takes it off the list', () => {
    spec
      .given([recorded])
      .when(remove)
      .then([{ type: 'orders.allergy.removed', data: { patientId: 'p1', allergyId: 'a1', reason: 'refuted', comment: 'tolerated amoxicillin challenge', by: 'md-1', at } }]);
    spec.given([recorded]).when(remove).thenState((s) => expect(s.allergies).toEqual([]));
  });

  it('refuses to remove an entry that is not on the list', () => {
    spec.given([recorded]).when({ ...remove, allergyId: 'a7' }).thenThrows('ALLERGY_NOT_FOUND', /refresh the list/);
  });

  it('writes events that match the published contract', () => {
    const registry = new EventRegistry(ordersAllergyEvents);
    const [added] = allergyDecider.decide({ ...record, reaction: null }, allergyDecider.initialState);
    const [removed] = allergyDecider.decide({ ...remove, comment: null }, allergyDecider.evolve(allergyDecider.initialState, added!));
    for (const event of [added!, removed!]) expect(registry.validateNew(event.type, event.data)).toEqual(event.data);
  });
});
