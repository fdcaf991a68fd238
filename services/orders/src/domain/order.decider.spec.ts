import { EventRegistry, type MedicationOrderDetails, ordersOrderEvents } from '@ehr/contracts';
import { specFor } from '@ehr/platform/testing';
import { seedFormulary } from './formulary.seed.js';
import { defaultStandardTimes } from './frequency.js';
import type { MedicationOrderInput } from './medication-order.js';
import { createOrderDecider, type OrderCommand, type OrderEntryContext, type OrderEvent, type OrderState } from './order.decider.js';
import { AlertsNeedOverrideError, EncounterNotOpenError } from './orders-errors.js';

const decider = createOrderDecider({ formulary: seedFormulary, standardTimes: defaultStandardTimes });
const spec = specFor(decider);

const at = '2026-05-04T13:00:00Z';
const later = '2026-05-04T15:00:00Z';
const context: OrderEntryContext = { encounterStatus: 'in-progress', allergies: [], activeMedications: [] };
type PlaceOrder = Extract<OrderCommand, { type: 'PlaceOrder' }>;
const base: Omit<PlaceOrder, 'details'> = { type: 'PlaceOrder', orderId: 'o1', patientId: 'p1', encounterId: 'e1', orderedBy: 'md-1', at, priority: 'routine', start: at, stop: null, context, overrides: [] };

const metoprololInput: MedicationOrderInput = {
  kind: 'medication',
  drugId: 'metoprolol-tartrate-25-tab',
  dose: { value: 25, unit: 'mg' },
  route: 'oral',
  frequency: { type: 'scheduled', code: 'BID', times: null },
  timeCritical: null,
  indication: 'hypertension',
  instructions: null,
};
const placeMetoprolol: PlaceOrder = { ...base, details: metoprololInput };
const metoprololDetails: MedicationOrderDetails = {
  kind: 'medication',
  drugId: 'metoprolol-tartrate-25-tab',
  drugName: 'Metoprolol Tartrate 25 MG Oral Tablet',
  dose: { value: 25, unit: 'mg' },
  route: 'oral',
  frequency: { type: 'scheduled', code: 'BID', times: ['09:00', '21:00'] },
  timeCritical: false,
  highAlert: false,
  controlledSchedule: null,
  indication: 'hypertension',
  instructions: null,
};
const placedData = { orderId: 'o1', patientId: 'p1', encounterId: 'e1', orderedBy: 'md-1', placedAt: at, priority: 'routine', start: at, stop: null } as const;
const metoprololPlaced: OrderEvent = { type: 'orders.order.placed', data: { ...placedData, details: metoprololDetails } };
const cbcDetails = { kind: 'lab', loinc: '58410-2', display: 'CBC panel', specimen: 'blood' } as const;
const cbcPlaced: OrderEvent = { type: 'orders.order.placed', data: { ...placedData, details: cbcDetails } };
const oneTimePlaced: OrderEvent = { type: 'orders.order.placed', data: { ...placedData, details: { ...metoprololDetails, frequency: { type: 'once' } } } };
const dietPlaced: OrderEvent = { type: 'orders.order.placed', data: { ...placedData, details: { kind: 'diet', diet: 'npo', fluidRestrictionMl: null, instructions: null } } };

const verified: OrderEvent = { type: 'orders.order.verified', data: { orderId: 'o1', by: 'rph-1', at } };
const held: OrderEvent = { type: 'orders.order.held', data: { orderId: 'o1', by: 'md-1', at, reason: 'NPO for procedure' } };
const discontinued: OrderEvent = { type: 'orders.order.discontinued', data: { orderId: 'o1', cause: 'prescriber', by: 'md-1', at: later, reason: 'changed to carvedilol' } };

describe('order placement', () => {
  it('places a medication order, which then waits for pharmacist verification', () => {
    spec.given([]).when(placeMetoprolol).then([metoprololPlaced]);
    spec.given([]).when(placeMetoprolol).thenState((s) => expect({ status: s.status, verification: s.verification }).toEqual({ status: 'active', verification: 'pending' }));
  });

  it('places lab, imaging, diet and nursing orders, acted on without pharmacy', () => {
    const others = [
      cbcDetails,
      { kind: 'imaging', modality: 'XR', study: 'Chest X-ray, 2 views', bodySite: 'chest', reason: 'cough and fever', contrast: false },
      { kind: 'diet', diet: 'cardiac', fluidRestrictionMl: 1500, instructions: null },
      { kind: 'nursing', instruction: 'Strict intake and output' },
    ] as const;
    for (const details of others) {
      spec.given([]).when({ ...base, details }).then([{ type: 'orders.order.placed', data: { ...placedData, details } }]);
      spec.given([]).when({ ...base, details }).thenState((s) => expect(s.verification).toBe('not-required'));
    }
  });

  it('trims free text in the details it keeps', () => {
    spec
      .given([])
      .when({ ...base, details: { kind: 'nursing', instruction: '  Daily weight before breakfast ' } })
      .thenState((s) => expect(s.placed?.details).toEqual({ kind: 'nursing', instruction: 'Daily weight before breakfast' }));
  });

  it('refuses details that are incomplete, naming the field', () => {
    spec
      .given([])
      .when({ ...base, details: { kind: 'imaging', modality: 'CT', study: ' ', bodySite: 'abdomen', reason: 'pain', contrast: true } })
      .thenThrows('INVALID_ORDER', 'details.study: must not be empty.');
    spec.given([]).when({ ...base, details: { ...cbcDetails, loinc: 'CBC' } }).thenThrows('INVALID_ORDER', /^details\.loinc: must be a LOINC code/);
    spec.given([]).when({ ...base, details: { kind: 'diet', diet: 'renal', fluidRestrictionMl: 0, instructions: null } }).thenThrows('INVALID_ORDER', /^details\.fluidRestrictionMl: must be more than zero/);
  });

  it('refuses a stop that is not after the start, or a start that is not a date and time', () => {
    spec.given([]).when({ ...placeMetoprolol, stop: at }).thenThrows('INVALID_ORDER', 'stop: must be after the start.');
    spec.given([]).when({ ...placeMetoprolol, start: '2026-05-04 09:00' }).thenThrows('INVALID_ORDER', /^start: "2026-05-04 09:00" is not a date and time/);
  });

  it('refuses an order on a discharged encounter', () => {
    spec
      .given([])
      .when({ ...placeMetoprolol, context: { ...context, encounterStatus: 'finished' } })
      .thenThrows(EncounterNotOpenError, 'Encounter e1 is discharged; orders cannot be placed on a discharged encounter.');
  });

  it('refuses an order on a pre-admission, a cancelled encounter, or one not yet heard of', () => {
    spec.given([]).when({ ...placeMetoprolol, context: { ...context, encounterStatus: 'planned' } }).thenThrows('ENCOUNTER_NOT_OPEN', /once the patient is admitted/);
    spec.given([]).when({ ...placeMetoprolol, context: { ...context, encounterStatus: 'cancelled' } }).thenThrows('ENCOUNTER_NOT_OPEN', /was cancelled/);
    spec.given([]).when({ ...placeMetoprolol, context: { ...context, encounterStatus: 'unknown' } }).thenThrows('ENCOUNTER_NOT_OPEN', /try again shortly/);
  });

  it('accepts an order while the patient is on leave of absence', () => {
    spec.given([]).when({ ...placeMetoprolol, context: { ...context, encounterStatus: 'onleave' } }).then([metoprololPlaced]);
  });

  it('refuses to place the same order twice', () => {
    spec.given([metoprololPlaced]).when(placeMetoprolol).thenThrows('ORDER_ALREADY_PLACED');
  });
});

describe('order-entry safety (scenario 20: penicillin allergy, acetaminophen already active)', () => {
  const scenario: OrderEntryContext = {
    encounterStatus: 'in-progress',
    allergies: [{ allergyId: 'a1', substance: { code: 'penicillins', display: 'Penicillins' }, reaction: 'hives', criticality: 'low' }],
    activeMedications: [{ orderId: 'o-apap', drugId: 'acetaminophen-500-tab', dose: { value: 1, unit: 'g' }, frequency: { type: 'interval', code: 'q6h' } }],
  };
  const amoxicillin: PlaceOrder = {
    ...base,
    orderId: 'o-amox',
    context: scenario,
    details: {
      kind: 'medication',
      drugId: 'amoxicillin-500-cap',
      dose: { value: 500, unit: 'mg' },
      route: 'oral',
      frequency: { type: 'scheduled', code: 'TID', times: null },
      timeCritical: null,
      indication: 'otitis media',
      instructions: null,
    },
  };
  const oxycodoneApap: PlaceOrder = {
    ...base,
    orderId: 'o-percocet',
    context: scenario,
    details: {
      kind: 'medication',
      drugId: 'oxycodone-apap-5-325-tab',
      dose: { value: 1, unit: '{tablet}' },
      route: 'oral',
      frequency: { type: 'prn', minIntervalMinutes: 240, maxPer24h: { value: 6, unit: '{tablet}' }, indication: 'pain 4-10/10' },
      timeCritical: null,
      indication: null,
      instructions: null,
    },
  };

  it('will not sign amoxicillin without a coded override of the allergy alert', () => {
    spec.given([]).when(amoxicillin).thenThrows(AlertsNeedOverrideError, /A safety alert needs a coded override reason .* documented allergy to Penicillins \(hives\)/);
  });

  it('will not sign oxycodone/acetaminophen without answering the duplicate-ingredient alert, which shows the 24-hour acetaminophen total', () => {
    spec.given([]).when(oxycodoneApap).thenThrows('ALERTS_NEED_OVERRIDE', /up to 5950 mg in 24 hours together, above the 4000 mg daily maximum/);
  });

  it('signs with the coded override reason stored on the order as an event', () => {
    spec
      .given([])
      .when({ ...amoxicillin, overrides: [{ alertKey: 'allergy:penicillins', reason: 'tolerated-previously', comment: ' took amoxicillin in 2024 without reaction ' }] })
      .then([
        {
          type: 'orders.order.placed',
          data: {
            ...placedData,
            orderId: 'o-amox',
            details: {
              kind: 'medication',
              drugId: 'amoxicillin-500-cap',
              drugName: 'Amoxicillin 500 MG Oral Capsule',
              dose: { value: 500, unit: 'mg' },
              route: 'oral',
              frequency: { type: 'scheduled', code: 'TID', times: ['09:00', '13:00', '17:00'] },
              timeCritical: true,
              highAlert: false,
              controlledSchedule: null,
              indication: 'otitis media',
              instructions: null,
            },
          },
        },
        {
          type: 'orders.order.alert-overridden',
          data: {
            orderId: 'o-amox',
            alert: { kind: 'allergy', key: 'allergy:penicillins', message: 'Allergy: documented allergy to Penicillins (hives): Amoxicillin 500 MG Oral Capsule belongs to that class.' },
            reason: 'tolerated-previously',
            comment: 'took amoxicillin in 2024 without reaction',
            by: 'md-1',
            at,
          },
        },
      ]);
  });

  it('records one override event per alert, in the order the alerts were raised', () => {
    const both: OrderEntryContext = { ...scenario, allergies: [{ allergyId: 'a2', substance: { code: 'opioids', display: 'Opioids' }, reaction: 'nausea', criticality: 'low' }] };
    const command: PlaceOrder = {
      ...oxycodoneApap,
      context: both,
      overrides: [
        { alertKey: 'duplicate-ingredient:acetaminophen', reason: 'replacing-existing-order', comment: null },
        { alertKey: 'allergy:opioids', reason: 'will-monitor', comment: null },
      ],
    };
    const events = decider.decide(command, decider.initialState);
    expect(events.map((e) => (e.type === 'orders.order.alert-overridden' ? `${e.data.alert.key} ${e.data.reason}` : e.type))).toEqual([
      'orders.order.placed',
      'allergy:opioids will-monitor',
      'duplicate-ingredient:acetaminophen replacing-existing-order',
    ]);
  });

  it('lists only the alerts still unanswered', () => {
    const both: OrderEntryContext = { ...scenario, allergies: [{ allergyId: 'a2', substance: { code: 'opioids', display: 'Opioids' }, reaction: null, criticality: 'low' }] };
    const partly: PlaceOrder = { ...oxycodoneApap, context: both, overrides: [{ alertKey: 'allergy:opioids', reason: 'will-monitor', comment: null }] };
    expect(() => decider.decide(partly, decider.initialState)).toThrow(
      expect.objectContaining({ code: 'ALERTS_NEED_OVERRIDE', alerts: [expect.objectContaining({ key: 'duplicate-ingredient:acetaminophen' })] }),
    );
  });

  it('needs a comment when the override reason is "other"', () => {
    spec
      .given([])
      .when({ ...amoxicillin, overrides: [{ alertKey: 'allergy:penicillins', reason: 'other', comment: ' ' }] })
      .thenThrows('INVALID_ORDER', /^overrides\.0\.comment: an override for "other" reasons needs a comment/);
  });
});

describe('pharmacist verification', () => {
  const verify: OrderCommand = { type: 'VerifyOrder', orderId: 'o1', by: 'rph-1', at };

  it('verifies a medication order', () => {
    spec.given([metoprololPlaced]).when(verify).then([verified]);
    spec.given([metoprololPlaced]).when(verify).thenState((s) => expect(s.verification).toBe('verified'));
  });

  it('verifies an order on hold, which stays on hold', () => {
    spec.given([metoprololPlaced, held]).when(verify).thenState((s) => expect([s.status, s.verification]).toEqual(['on-hold', 'verified']));
  });

  it('refuses to let the prescriber verify their own order', () => {
    spec.given([metoprololPlaced]).when({ ...verify, by: 'md-1' }).thenThrows('SELF_VERIFICATION', /another pharmacist must verify it/);
  });

  it('refuses to verify twice', () => {
    spec.given([metoprololPlaced, verified]).when(verify).thenThrows('ORDER_ALREADY_VERIFIED');
  });

  it('does not verify orders other than medications', () => {
    spec.given([cbcPlaced]).when(verify).thenThrows('VERIFICATION_NOT_APPLICABLE', 'Order o1 is a lab order; only medication orders are verified by pharmacy.');
  });

  it('refuses to verify a discontinued order', () => {
    spec.given([metoprololPlaced, discontinued]).when(verify).thenThrows('ORDER_ENDED', `Order o1 was discontinued at ${later}, so it cannot be verified.`);
  });

  it('lets the pharmacist reject an unverified order, with a reason', () => {
    const reject: OrderCommand = { type: 'RejectOrder', orderId: 'o1', by: 'rph-1', at, reason: 'dose too high for renal function' };
    spec.given([metoprololPlaced]).when(reject).then([{ type: 'orders.order.rejected', data: { orderId: 'o1', by: 'rph-1', at, reason: 'dose too high for renal function' } }]);
    spec.given([metoprololPlaced]).when({ ...reject, reason: '' }).thenThrows('REASON_REQUIRED');
    spec.given([metoprololPlaced, verified]).when(reject).thenThrows('ORDER_ALREADY_VERIFIED', /discontinue it instead/);
    spec.given([cbcPlaced]).when(reject).thenThrows('VERIFICATION_NOT_APPLICABLE');
  });

  describe('a dose given with an override before verification (scenario 4)', () => {
    const given: OrderCommand = { type: 'RequestRetrospectiveReview', orderId: 'o1', administeredBy: 'rn-1', at, reason: 'STAT, pharmacist unavailable' };

    it('asks a pharmacist to review it', () => {
      spec.given([metoprololPlaced]).when(given).then([{ type: 'orders.order.retrospective-review-requested', data: { orderId: 'o1', administeredBy: 'rn-1', at, reason: 'STAT, pharmacist unavailable' } }]);
      spec.given([metoprololPlaced]).when(given).thenState((s) => expect(s.retrospectiveReviewRequested).toBe(true));
    });

    it('needs the override reason', () => {
      spec.given([metoprololPlaced]).when({ ...given, reason: ' ' }).thenThrows('REASON_REQUIRED');
    });

    it('asks nothing more once the order is verified, and verification closes the review', () => {
      spec.given([metoprololPlaced, verified]).when(given).then([]);
      const requested: OrderEvent = { type: 'orders.order.retrospective-review-requested', data: { orderId: 'o1', administeredBy: 'rn-1', at, reason: 'STAT' } };
      spec.given([metoprololPlaced, requested]).when(verify).thenState((s) => expect(s.retrospectiveReviewRequested).toBe(false));
    });

    it('does not apply to a lab order', () => {
      spec.given([cbcPlaced]).when(given).thenThrows('VERIFICATION_NOT_APPLICABLE');
    });
  });
});

describe('hold and resume', () => {
  const hold: OrderCommand = { type: 'HoldOrder', orderId: 'o1', by: 'md-1', at, reason: 'NPO for procedure' };
  const resume: OrderCommand = { type: 'ResumeOrder', orderId: 'o1', by: 'md-1', at: later };

  it('holds an active order with a reason, and resumes it', () => {
    spec.given([metoprololPlaced, verified]).when(hold).then([held]);
    spec.given([metoprololPlaced, verified, held]).when(resume).then([{ type: 'orders.order.resumed', data: { orderId: 'o1', by: 'md-1', at: later } }]);
    spec.given([metoprololPlaced, verified, held]).when(resume).thenState((s) => expect([s.status, s.holds]).toEqual(['active', [{ from: at, until: later }]]));
  });

  it('refuses a hold without a reason', () => {
    spec.given([metoprololPlaced]).when({ ...hold, reason: '  ' }).thenThrows('REASON_REQUIRED', 'Order o1 cannot be held without a reason.');
  });

  it('refuses to hold an order already on hold', () => {
    spec.given([metoprololPlaced, held]).when(hold).thenThrows('ORDER_ON_HOLD', `Order o1 is already on hold since ${at}.`);
  });

  it('refuses to resume an order that is not on hold', () => {
    spec.given([metoprololPlaced]).when(resume).thenThrows('ORDER_NOT_ON_HOLD');
  });

  it('refuses to resume before the hold began', () => {
    spec.given([metoprololPlaced, held]).when({ ...resume, at: '2026-05-04T12:00:00Z' }).thenThrows('ORDER_TIME', /before its hold began/);
  });

  it('refuses to hold or resume an order that has ended', () => {
    spec.given([metoprololPlaced, discontinued]).when(hold).thenThrows('ORDER_ENDED');
    spec.given([metoprololPlaced, held, discontinued]).when(resume).thenThrows('ORDER_ENDED');
  });
});

describe('discontinue, complete, expire', () => {
  const discontinue: OrderCommand = { type: 'DiscontinueOrder', orderId: 'o1', by: 'md-1', at: later, reason: 'changed to carvedilol' };
  const complete: OrderCommand = { type: 'CompleteOrder', orderId: 'o1', by: 'rn-1', at: later };

  it('discontinues an order with a reason', () => {
    spec.given([metoprololPlaced, verified]).when(discontinue).then([discontinued]);
    spec.given([metoprololPlaced, verified]).when({ ...discontinue, reason: '' }).thenThrows('REASON_REQUIRED');
  });

  it('refuses to discontinue an order twice', () => {
    spec.given([metoprololPlaced, discontinued]).when(discontinue).thenThrows('ORDER_ENDED', /was discontinued at/);
  });

  it('completes a lab order and a one-time dose', () => {
    spec.given([cbcPlaced]).when(complete).then([{ type: 'orders.order.completed', data: { orderId: 'o1', by: 'rn-1', at: later } }]);
    spec.given([oneTimePlaced, verified]).when(complete).thenState((s) => expect(s.status).toBe('completed'));
  });

  it('does not complete a repeating medication order or a diet', () => {
    spec.given([metoprololPlaced, verified]).when(complete).thenThrows('NOT_COMPLETABLE', /repeats; it ends when it is discontinued or reaches its stop time/);
    spec.given([dietPlaced]).when(complete).thenThrows('NOT_COMPLETABLE', /diet order/);
  });

  it('does not complete an order on hold or one already ended', () => {
    spec.given([cbcPlaced, held]).when(complete).thenThrows('ORDER_ON_HOLD');
    spec.given([cbcPlaced, discontinued]).when(complete).thenThrows('ORDER_ENDED');
  });

  describe('expiry at the stop time', () => {
    const stop = '2026-05-06T13:00:00Z';
    const withStop: OrderEvent = { type: 'orders.order.placed', data: { ...placedData, stop, details: metoprololDetails } };
    const expire: OrderCommand = { type: 'ExpireOrder', orderId: 'o1', at: stop };

    it('expires the order once its stop time has come', () => {
      spec.given([withStop, verified]).when(expire).then([{ type: 'orders.order.expired', data: { orderId: 'o1', at: stop } }]);
      spec.given([withStop, verified]).when(expire).thenState((s) => expect(s.status).toBe('expired'));
    });

    it('refuses before the stop time, or for an order without one', () => {
      spec.given([withStop]).when({ ...expire, at: '2026-05-06T12:59:00Z' }).thenThrows('NOT_YET_AT_STOP', `Order o1 runs until ${stop}.`);
      spec.given([metoprololPlaced]).when(expire).thenThrows('NO_STOP_TIME');
    });

    it('does nothing for an order that already ended another way', () => {
      spec.given([withStop, discontinued]).when(expire).then([]);
    });
  });
});

describe('orders follow the encounter', () => {
  const discharge: OrderCommand = { type: 'DiscontinueForDischarge', orderId: 'o1', encounterId: 'e1', at: later };
  const flag: OrderCommand = { type: 'FlagForLevelOfCareChange', orderId: 'o1', from: 'icu', to: 'med-surg', at: later };

  it('discontinues an active order when the patient is discharged', () => {
    spec
      .given([metoprololPlaced, verified])
      .when(discharge)
      .then([{ type: 'orders.order.discontinued', data: { orderId: 'o1', cause: 'patient-discharged', by: null, at: later, reason: 'Patient discharged' } }]);
  });

  it('discontinues an order on hold or still awaiting verification too', () => {
    spec.given([metoprololPlaced, held]).when(discharge).thenState((s) => expect(s.status).toBe('discontinued'));
    spec.given([metoprololPlaced]).when(discharge).thenState((s) => expect(s.status).toBe('discontinued'));
  });

  it('leaves an order that already ended alone (the discharge may be delivered twice)', () => {
    spec.given([metoprololPlaced, discontinued]).when(discharge).then([]);
  });

  it("refuses a discharge of another encounter than the order's", () => {
    spec.given([metoprololPlaced]).when({ ...discharge, encounterId: 'e2' }).thenThrows('ENCOUNTER_MISMATCH');
  });

  describe('when the discharge is cancelled', () => {
    const stoppedByDischarge: OrderEvent = { type: 'orders.order.discontinued', data: { orderId: 'o1', cause: 'patient-discharged', by: null, at: later, reason: 'Patient discharged' } };
    const cancelledAt = '2026-05-04T15:20:00Z';
    const reinstate: OrderCommand = { type: 'ReinstateAfterDischargeCancelled', orderId: 'o1', encounterId: 'e1', at: cancelledAt };

    it('reinstates what the discharge stopped, for the prescriber to review', () => {
      spec
        .given([metoprololPlaced, verified, stoppedByDischarge])
        .when(reinstate)
        .then([{ type: 'orders.order.reinstated', data: { orderId: 'o1', status: 'active', reason: 'Discharge cancelled', at: cancelledAt } }]);
      spec
        .given([metoprololPlaced, verified, stoppedByDischarge])
        .when(reinstate)
        .thenState((s) => expect(s).toMatchObject({ status: 'active', verification: 'verified', ended: null, reviewPending: { reason: 'discharge-cancelled', at: cancelledAt } }));
    });

    it('puts an order that was on hold back on hold', () => {
      spec.given([metoprololPlaced, held, stoppedByDischarge]).when(reinstate).thenState((s) => expect(s.status).toBe('on-hold'));
    });

    it('leaves alone an order a prescriber stopped, one past its stop time, and one already reinstated', () => {
      spec.given([metoprololPlaced, discontinued]).when(reinstate).then([]);
      const shortCourse: OrderEvent = { type: 'orders.order.placed', data: { ...placedData, stop: '2026-05-04T15:10:00Z', details: metoprololDetails } };
      spec.given([shortCourse, stoppedByDischarge]).when(reinstate).then([]);
      const reinstated: OrderEvent = { type: 'orders.order.reinstated', data: { orderId: 'o1', status: 'active', reason: 'Discharge cancelled', at: cancelledAt } };
      spec.given([metoprololPlaced, stoppedByDischarge, reinstated]).when(reinstate).then([]);
    });

    it('clears the review when the prescriber keeps the order', () => {
      const reinstated: OrderEvent = { type: 'orders.order.reinstated', data: { orderId: 'o1', status: 'active', reason: 'Discharge cancelled', at: cancelledAt } };
      spec.given([metoprololPlaced, stoppedByDischarge, reinstated]).when({ type: 'ReviewOrder', orderId: 'o1', by: 'md-2', at: '2026-05-04T16:00:00Z' }).thenState((s) => expect(s.reviewPending).toBeNull());
    });
  });

  describe('a time-critical dose not given at the bedside (scenario 8)', () => {
    const insulinPlaced: OrderEvent = { type: 'orders.order.placed', data: { ...placedData, details: { ...metoprololDetails, timeCritical: true } } };
    const refused: OrderCommand = { type: 'ReportMissedDose', orderId: 'o1', doseId: 'o1@x', outcome: 'refused', reason: 'patient-refused: nauseated', by: 'rn-1', at: later };

    it('notifies the prescriber through the order, until reviewed', () => {
      spec
        .given([insulinPlaced, verified])
        .when(refused)
        .then([{ type: 'orders.order.missed-dose-reported', data: { orderId: 'o1', doseId: 'o1@x', outcome: 'refused', reason: 'patient-refused: nauseated', by: 'rn-1', at: later } }]);
      spec
        .given([insulinPlaced, verified])
        .when(refused)
        .thenState((s) => expect(s.reviewPending).toEqual({ reason: 'time-critical-dose-not-given', note: 'refused (patient-refused: nauseated) by rn-1', at: later }));
      const reported: OrderEvent = { type: 'orders.order.missed-dose-reported', data: { orderId: 'o1', doseId: 'o1@x', outcome: 'refused', reason: 'patient-refused', by: 'rn-1', at: later } };
      spec.given([insulinPlaced, verified, reported]).when({ type: 'ReviewOrder', orderId: 'o1', by: 'md-1', at: '2026-05-04T16:00:00Z' }).thenState((s) => expect(s.reviewPending).toBeNull());
    });

    it('says nothing for a dose that is not time-critical, or of an order already ended', () => {
      spec.given([metoprololPlaced, verified]).when(refused).then([]);
      spec.given([insulinPlaced, verified, discontinued]).when(refused).then([]);
    });
  });

  it('flags the order for review when the patient changes level of care', () => {
    spec.given([metoprololPlaced, verified]).when(flag).then([{ type: 'orders.order.flagged-for-review', data: { orderId: 'o1', from: 'icu', to: 'med-surg', at: later } }]);
  });

  it('does not flag a move within the same level of care, or an ended order', () => {
    spec.given([metoprololPlaced]).when({ ...flag, to: 'icu' }).then([]);
    spec.given([metoprololPlaced, discontinued]).when(flag).then([]);
  });

  it('clears the flag when a prescriber reviews the order', () => {
    const flagged: OrderEvent = { type: 'orders.order.flagged-for-review', data: { orderId: 'o1', from: 'icu', to: 'med-surg', at } };
    const review: OrderCommand = { type: 'ReviewOrder', orderId: 'o1', by: 'md-2', at: later };
    spec.given([metoprololPlaced, flagged]).when(review).then([{ type: 'orders.order.reviewed', data: { orderId: 'o1', by: 'md-2', at: later } }]);
    spec.given([metoprololPlaced, flagged]).when(review).thenState((s) => expect(s.reviewPending).toBeNull());
    spec.given([metoprololPlaced]).when(review).thenThrows('NO_REVIEW_PENDING');
    spec.given([metoprololPlaced, flagged, discontinued]).when(review).thenThrows('ORDER_ENDED');
  });
});

it('refuses any command on an order that was never placed', () => {
  spec.given([]).when({ type: 'HoldOrder', orderId: 'o9', by: 'md-1', at, reason: 'x' }).thenThrows('ORDER_NOT_FOUND', 'Order o9 does not exist.');
});

describe('the events it writes', () => {
  const registry = new EventRegistry(ordersOrderEvents);
  /** Runs commands one after another on one order stream, as the command handler would. */
  const run = (commands: OrderCommand[]) =>
    commands.reduce<{ state: OrderState; events: OrderEvent[] }>(
      ({ state, events }, command) => {
        const produced = decider.decide(command, state);
        return { state: produced.reduce(decider.evolve, state), events: [...events, ...produced] };
      },
      { state: decider.initialState, events: [] },
    ).events;

  it('match the published contract, through every transition', () => {
    const penicillinAllergy = { allergyId: 'a1', substance: { code: 'penicillins', display: 'Penicillins' }, reaction: 'hives', criticality: 'low' } as const;
    const events = [
      ...run([
        {
          ...placeMetoprolol,
          details: { ...metoprololInput, drugId: 'amoxicillin-500-cap', dose: { value: 500, unit: 'mg' } },
          context: { ...context, allergies: [penicillinAllergy] },
          overrides: [{ alertKey: 'allergy:penicillins', reason: 'other', comment: 'graded challenge tolerated' }],
        },
        { type: 'RequestRetrospectiveReview', orderId: 'o1', administeredBy: 'rn-1', at, reason: 'first dose before pharmacy opened' },
        { type: 'VerifyOrder', orderId: 'o1', by: 'rph-1', at },
        { type: 'HoldOrder', orderId: 'o1', by: 'md-1', at, reason: 'NPO' },
        { type: 'ResumeOrder', orderId: 'o1', by: 'md-1', at: later },
        { type: 'FlagForLevelOfCareChange', orderId: 'o1', from: 'icu', to: 'telemetry', at: later },
        { type: 'ReviewOrder', orderId: 'o1', by: 'md-2', at: later },
        { type: 'DiscontinueForDischarge', orderId: 'o1', encounterId: 'e1', at: later },
      ]),
      ...run([placeMetoprolol, { type: 'RejectOrder', orderId: 'o1', by: 'rph-1', at, reason: 'wrong patient' }]),
      ...run([placeMetoprolol, { type: 'DiscontinueOrder', orderId: 'o1', by: 'md-1', at, reason: 'no longer needed' }]),
      ...run([{ ...base, stop: later, details: cbcDetails }, { type: 'ExpireOrder', orderId: 'o1', at: later }]),
      ...run([{ ...base, details: { kind: 'imaging', modality: 'US', study: 'Renal ultrasound', bodySite: 'kidneys', reason: 'AKI', contrast: false } }, { type: 'CompleteOrder', orderId: 'o1', by: 'us-tech', at: later }]),
    ];
    expect(events.map((e) => e.type)).toEqual([
      'orders.order.placed',
      'orders.order.alert-overridden',
      'orders.order.retrospective-review-requested',
      'orders.order.verified',
      'orders.order.held',
      'orders.order.resumed',
      'orders.order.flagged-for-review',
      'orders.order.reviewed',
      'orders.order.discontinued',
      'orders.order.placed',
      'orders.order.rejected',
      'orders.order.placed',
      'orders.order.discontinued',
      'orders.order.placed',
      'orders.order.expired',
      'orders.order.placed',
      'orders.order.completed',
    ]);
    for (const event of events) expect(registry.validateNew(event.type, event.data)).toEqual(event.data);
  });
});
