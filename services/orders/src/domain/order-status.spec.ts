import { administrationInstants, type MedicationOrderDetails } from '@ehr/contracts';
import { fold } from '@ehr/platform';
import { seedFormulary } from './formulary.seed.js';
import { defaultStandardTimes } from './frequency.js';
import { createOrderDecider, type OrderEvent } from './order.decider.js';
import { administrationGate, fhirStatus, isHeldAt } from './order-status.js';

const decider = createOrderDecider({ formulary: seedFormulary, standardTimes: defaultStandardTimes });
const stateAfter = (...events: OrderEvent[]) => fold(decider, events);
const zone = 'America/New_York';

const digoxin: MedicationOrderDetails = {
  kind: 'medication',
  drugId: 'digoxin-0.125-tab',
  drugName: 'Digoxin 0.125 MG Oral Tablet',
  dose: { value: 0.125, unit: 'mg' },
  route: 'oral',
  frequency: { type: 'scheduled', code: 'TID', times: ['09:00', '13:00', '17:00'] },
  timeCritical: false,
  highAlert: false,
  controlledSchedule: null,
  indication: 'atrial fibrillation',
  instructions: null,
};
const placedAt = '2026-05-04T11:00:00Z'; // 07:00 EDT
const placedData = { orderId: 'o1', patientId: 'p1', encounterId: 'e1', orderedBy: 'dr-x', placedAt, priority: 'routine', start: placedAt, stop: null } as const;
const placed: OrderEvent = { type: 'orders.order.placed', data: { ...placedData, details: digoxin } };
const placedStat: OrderEvent = { type: 'orders.order.placed', data: { ...placedData, priority: 'stat', details: { ...digoxin, frequency: { type: 'stat' } } } };
const lab: OrderEvent = { type: 'orders.order.placed', data: { ...placedData, details: { kind: 'lab', loinc: '2345-7', display: 'Glucose', specimen: 'blood' } } };
const diet: OrderEvent = { type: 'orders.order.placed', data: { ...placedData, details: { kind: 'diet', diet: 'npo', fluidRestrictionMl: null, instructions: null } } };
const verified: OrderEvent = { type: 'orders.order.verified', data: { orderId: 'o1', by: 'rph-1', at: '2026-05-04T11:30:00Z' } };
const heldAt8: OrderEvent = { type: 'orders.order.held', data: { orderId: 'o1', by: 'dr-x', at: '2026-05-04T12:00:00Z', reason: 'NPO for cardioversion' } };
const resumedAt14: OrderEvent = { type: 'orders.order.resumed', data: { orderId: 'o1', by: 'dr-x', at: '2026-05-04T18:00:00Z' } };
const dcAt0902: OrderEvent = { type: 'orders.order.discontinued', data: { orderId: 'o1', cause: 'prescriber', by: 'dr-x', at: '2026-05-04T13:02:00Z', reason: 'HR 48' } };
const completed: OrderEvent = { type: 'orders.order.completed', data: { orderId: 'o1', by: 'rn-1', at: '2026-05-04T12:10:00Z' } };
const expired: OrderEvent = { type: 'orders.order.expired', data: { orderId: 'o1', at: '2026-05-04T20:00:00Z' } };
const rejected: OrderEvent = { type: 'orders.order.rejected', data: { orderId: 'o1', by: 'rph-1', at: '2026-05-04T11:30:00Z', reason: 'duplicate of order o0' } };

describe('FHIR status of an order', () => {
  it('maps a medication order to MedicationRequest.status through its whole life', () => {
    const status = (...events: OrderEvent[]) => fhirStatus(stateAfter(...events));
    expect(status()).toBeNull();
    expect(status(placed)).toEqual({ resourceType: 'MedicationRequest', status: 'draft' });
    expect(status(placed, verified)).toEqual({ resourceType: 'MedicationRequest', status: 'active' });
    expect(status(placed, verified, heldAt8)).toEqual({ resourceType: 'MedicationRequest', status: 'on-hold' });
    expect(status(placed, verified, heldAt8, resumedAt14)).toEqual({ resourceType: 'MedicationRequest', status: 'active' });
    expect(status(placed, verified, dcAt0902)).toEqual({ resourceType: 'MedicationRequest', status: 'stopped' });
    expect(status(placed, verified, completed)).toEqual({ resourceType: 'MedicationRequest', status: 'completed' });
    expect(status(placed, verified, expired)).toEqual({ resourceType: 'MedicationRequest', status: 'completed' });
    expect(status(placed, rejected)).toEqual({ resourceType: 'MedicationRequest', status: 'cancelled' });
  });

  it('maps lab, imaging and nursing orders to ServiceRequest and diets to NutritionOrder (RequestStatus)', () => {
    expect(fhirStatus(stateAfter(lab))).toEqual({ resourceType: 'ServiceRequest', status: 'active' });
    expect(fhirStatus(stateAfter(lab, heldAt8))).toEqual({ resourceType: 'ServiceRequest', status: 'on-hold' });
    expect(fhirStatus(stateAfter(lab, dcAt0902))).toEqual({ resourceType: 'ServiceRequest', status: 'revoked' });
    expect(fhirStatus(stateAfter(lab, completed))).toEqual({ resourceType: 'ServiceRequest', status: 'completed' });
    expect(fhirStatus(stateAfter(lab, expired))).toEqual({ resourceType: 'ServiceRequest', status: 'completed' });
    expect(fhirStatus(stateAfter(diet))).toEqual({ resourceType: 'NutritionOrder', status: 'active' });
    expect(fhirStatus(stateAfter(diet, dcAt0902))).toEqual({ resourceType: 'NutritionOrder', status: 'revoked' });
  });
});

describe('may a dose be given now', () => {
  const gate = (at: string, ...events: OrderEvent[]) => administrationGate(stateAfter(...events), at, zone);
  const refusal = (at: string, ...events: OrderEvent[]) => {
    const result = gate(at, ...events);
    return result.verdict === 'allowed' ? result : { verdict: result.verdict, code: result.refusal.code, message: result.refusal.message };
  };

  it('allows a verified, active order', () => {
    expect(gate('2026-05-04T13:00:00Z', placed, verified)).toEqual({ verdict: 'allowed' });
  });

  it('blocks an order awaiting pharmacist verification (scenario 4)', () => {
    expect(refusal('2026-05-04T13:00:00Z', placed)).toEqual({ verdict: 'refused', code: 'AWAITING_VERIFICATION', message: 'Awaiting pharmacist verification.' });
  });

  it('lets an unverified STAT order be given only with an override (scenario 4)', () => {
    expect(refusal('2026-05-04T11:05:00Z', placedStat)).toEqual({ verdict: 'override-required', code: 'AWAITING_VERIFICATION', message: 'Awaiting pharmacist verification.' });
  });

  it('rejects a scan after the order was discontinued, saying when and by whom (scenario 5)', () => {
    expect(refusal('2026-05-04T13:05:00Z', placed, verified, dcAt0902)).toEqual({
      verdict: 'refused',
      code: 'ORDER_DISCONTINUED',
      message: 'Order discontinued 4 May 09:02 EDT by dr-x (HR 48). Do not give.',
    });
  });

  it('still accepts documenting a dose given before the discontinuation', () => {
    expect(gate('2026-05-04T13:00:00Z', placed, verified, dcAt0902)).toEqual({ verdict: 'allowed' });
  });

  it('names a discharge as the reason when the order stopped with the encounter', () => {
    const byDischarge: OrderEvent = { type: 'orders.order.discontinued', data: { orderId: 'o1', cause: 'patient-discharged', by: null, at: '2026-05-04T13:02:00Z', reason: 'Patient discharged' } };
    expect(refusal('2026-05-04T13:05:00Z', placed, verified, byDischarge)).toMatchObject({ code: 'ORDER_DISCONTINUED', message: 'Order discontinued 4 May 09:02 EDT (Patient discharged). Do not give.' });
  });

  it('blocks a rejected, completed or expired order', () => {
    expect(refusal('2026-05-04T13:00:00Z', placed, rejected)).toMatchObject({ code: 'ORDER_REJECTED', message: expect.stringMatching(/duplicate of order o0/) });
    expect(refusal('2026-05-04T13:00:00Z', placedStat, completed)).toMatchObject({ code: 'ORDER_COMPLETED' });
    expect(refusal('2026-05-04T21:00:00Z', placed, verified, expired)).toMatchObject({ code: 'ORDER_EXPIRED', message: 'Order expired 4 May 16:00 EDT. Do not give; ask the prescriber to renew it.' });
  });

  it('blocks an order past its stop time even before the expiry is recorded', () => {
    const withStop: OrderEvent = { type: 'orders.order.placed', data: { ...placedData, stop: '2026-05-04T20:00:00Z', details: digoxin } };
    expect(gate('2026-05-04T19:59:00Z', withStop, verified)).toEqual({ verdict: 'allowed' });
    expect(refusal('2026-05-04T20:00:00Z', withStop, verified)).toMatchObject({ code: 'ORDER_EXPIRED' });
  });

  it('has nothing to give for an order that is not a medication, or does not exist', () => {
    expect(refusal('2026-05-04T13:00:00Z', lab)).toMatchObject({ code: 'NOT_A_MEDICATION_ORDER' });
    expect(refusal('2026-05-04T13:00:00Z')).toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });

  describe('a hold from 08:00 to 14:00 (scenario 15)', () => {
    const day = { from: '2026-05-04T04:00:00Z', to: '2026-05-05T04:00:00Z' };

    it('shows the 09:00 and 13:00 doses as on hold and the 17:00 dose as due', () => {
      const state = stateAfter(placed, verified, heldAt8, resumedAt14);
      const slots = administrationInstants({ frequency: digoxin.frequency, start: placedAt, stop: null }, zone, day);
      expect(slots.map((at) => [at, isHeldAt(state, at)])).toEqual([
        ['2026-05-04T13:00:00.000Z', true],
        ['2026-05-04T17:00:00.000Z', true],
        ['2026-05-04T21:00:00.000Z', false],
      ]);
    });

    it('blocks a scan during the hold and allows it after the order is resumed', () => {
      expect(refusal('2026-05-04T13:00:00Z', placed, verified, heldAt8)).toMatchObject({ code: 'ORDER_ON_HOLD' });
      expect(gate('2026-05-04T21:00:00Z', placed, verified, heldAt8, resumedAt14)).toEqual({ verdict: 'allowed' });
    });

    it('keeps every later dose on hold while the hold lasts', () => {
      expect(isHeldAt(stateAfter(placed, verified, heldAt8), '2026-05-07T13:00:00Z')).toBe(true);
      expect(isHeldAt(stateAfter(placed, verified, heldAt8), '2026-05-04T11:59:00Z')).toBe(false);
    });
  });
});
