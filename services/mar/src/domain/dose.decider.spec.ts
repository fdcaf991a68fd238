import { gtinFromNdc10, type MedicationOrderDetails } from '@ehr/contracts';
import { specFor } from '@ehr/platform/testing';
import type { MarOrder } from './mar-order.js';
import { defaultPrnReassessmentMinutes, defaultScanValidMinutes } from './mar-policy.js';
import { createProductCatalog, type Product } from './product-catalog.js';
import { createDoseDecider } from './dose.decider.js';
import { type DoseCommand, type DoseEvent, evolveDose, initialDoseState } from './dose-state.js';
import { evolvePrnOrder, initialPrnOrderState, priorAdministrations, prnOrderEventsFor } from './prn-dose.decider.js';
import { ismpTimingPolicy } from './timing-window.js';

const zone = 'America/New_York';
const products: Product[] = [
  { drugId: 'metoprolol-tartrate-25-tab', description: 'Metoprolol Tartrate 25 MG tablet', gtin: gtinFromNdc10('0999-1010-01'), ndc11: '00999-1010-01', packageAmount: { value: 25, unit: 'mg' } },
  { drugId: 'metoprolol-succinate-er-25-tab', description: 'Metoprolol Succinate ER 25 MG tablet', gtin: gtinFromNdc10('0999-1011-01'), ndc11: '00999-1011-01', packageAmount: { value: 25, unit: 'mg' } },
  { drugId: 'heparin-5000-inj', description: 'Heparin 5,000 units/mL vial', gtin: gtinFromNdc10('0999-1012-01'), ndc11: '00999-1012-01', packageAmount: { value: 5000, unit: '[iU]' } },
  { drugId: 'hydromorphone-2-inj', description: 'Hydromorphone 2 MG/ML cartridge', gtin: gtinFromNdc10('0999-1004-01'), ndc11: '00999-1004-01', packageAmount: { value: 2, unit: 'mg' } },
  { drugId: 'oxycodone-5-tab', description: 'Oxycodone 5 MG tablet', gtin: gtinFromNdc10('99901-102-10'), ndc11: '99901-0102-10', packageAmount: { value: 5, unit: 'mg' } },
];
const decider = createDoseDecider({ zone, timing: ismpTimingPolicy, products: createProductCatalog(products), prnReassessmentMinutes: defaultPrnReassessmentMinutes, scanValidMinutes: defaultScanValidMinutes });
const spec = specFor(decider);

const metoprolol: MedicationOrderDetails = {
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
const orderOf = (details: MedicationOrderDetails, orderId = 'o1'): MarOrder => ({
  orderId,
  patientId: 'pA',
  encounterId: 'e1',
  priority: 'routine',
  start: '2026-05-04T08:00:00-04:00',
  stop: null,
  details,
  status: 'active',
  verifiedAt: '2026-05-04T08:30:00-04:00',
  holds: [],
  ended: null,
});
const order = orderOf(metoprolol);
const due = '2026-05-05T13:00:00.000Z'; // 09:00 EDT
const at = (local: string) => `2026-05-05T${local}:00-04:00`;

const scheduled: DoseEvent = { type: 'mar.dose.scheduled', data: { doseId: 'd1', orderId: 'o1', patientId: 'pA', encounterId: 'e1', dueAt: due, timeCritical: false } };
const wristbandOk = (by = 'rn-1', when = at('09:01')): DoseEvent => ({
  type: 'mar.wristband.verified',
  data: { doseId: 'd1', orderId: 'o1', patientId: 'pA', identification: { method: 'scanned' }, identifiersConfirmed: [], by, at: when },
});
const productOk = (product: Product = products[0]!, by = 'rn-1', when = at('09:02')): DoseEvent => ({
  type: 'mar.product.verified',
  data: {
    doseId: 'd1',
    orderId: 'o1',
    drugId: product.drugId,
    identification: { method: 'scanned' },
    gtin: product.gtin,
    ndc11: product.ndc11,
    lot: null,
    expiry: null,
    serial: null,
    packageAmount: product.packageAmount,
    verificationOverride: null,
    by,
    at: when,
  },
});
const ready = [scheduled, wristbandOk(), productOk()];
/** Both scans made at the bedside just before `when`. */
const readyAt = (when: string, before: DoseEvent[] = [scheduled]) => [...before, wristbandOk('rn-1', when), productOk(undefined, 'rn-1', when)];

const scanWristband = (code: string, o: MarOrder = order, when = at('09:01')): DoseCommand => ({ type: 'VerifyWristband', doseId: 'd1', order: o, wristband: { method: 'scanned', code }, by: 'rn-1', at: when });
const scanProduct = (code: string, o: MarOrder = order, when = at('09:02'), verificationOverride: Extract<DoseCommand, { type: 'VerifyProduct' }>['verificationOverride'] = null): DoseCommand => ({
  type: 'VerifyProduct',
  doseId: 'd1',
  order: o,
  product: { method: 'scanned', code },
  verificationOverride,
  by: 'rn-1',
  at: when,
});
type Give = Extract<DoseCommand, { type: 'GiveDose' }>;
const give = (overrides: Partial<Give> = {}): Give => ({
  type: 'GiveDose',
  doseId: 'd1',
  order,
  encounter: { encounterId: order.encounterId, status: 'in-progress' },
  entryId: 'entry-1',
  amount: { value: 25, unit: 'mg' },
  route: 'oral',
  site: null,
  verifiedBy: null,
  waste: null,
  timingReason: null,
  packages: null,
  partialReason: null,
  by: 'rn-1',
  at: at('09:03'),
  ...overrides,
});
const givenData = {
  doseId: 'd1',
  entryId: 'entry-1',
  orderId: 'o1',
  patientId: 'pA',
  amount: { value: 25, unit: 'mg' },
  route: 'oral',
  site: null,
  by: 'rn-1',
  at: at('09:03'),
  verifiedBy: null,
  waste: null,
  timingVariance: null,
  packages: 1,
  partialDose: null,
  verificationOverride: null,
} as const;
const given: DoseEvent = { type: 'mar.dose.given', data: givenData };

describe('scheduling a dose', () => {
  it('puts a dose of a verified order on the MAR at its slot', () => {
    spec.given([]).when({ type: 'ScheduleDose', doseId: 'd1', order, slot: due }).then([scheduled]);
  });

  it('refuses to schedule the same dose twice', () => {
    spec.given([scheduled]).when({ type: 'ScheduleDose', doseId: 'd1', order, slot: due }).thenThrows('DOSE_ALREADY_SCHEDULED');
  });

  it('moves a dose to a new due time with a reason, keeping its slot', () => {
    spec
      .given([scheduled])
      .when({ type: 'RescheduleDose', doseId: 'd1', dueAt: at('11:00'), reason: 'delayed-by-procedure', comment: ' in CT ', by: 'rn-1', at: at('08:30') })
      .then([{ type: 'mar.dose.rescheduled', data: { doseId: 'd1', orderId: 'o1', from: due, dueAt: at('11:00'), reason: 'delayed-by-procedure', comment: 'in CT', by: 'rn-1', at: at('08:30') } }]);
    spec
      .given([scheduled])
      .when({ type: 'RescheduleDose', doseId: 'd1', dueAt: at('11:00'), reason: 'delayed-by-procedure', comment: null, by: 'rn-1', at: at('08:30') })
      .thenState((s) => expect({ slot: s.slot, dueAt: s.dueAt }).toEqual({ slot: due, dueAt: at('11:00') }));
  });

  it('refuses to move a dose to the time it is already due', () => {
    spec.given([scheduled]).when({ type: 'RescheduleDose', doseId: 'd1', dueAt: at('09:00'), reason: 'other', comment: null, by: 'rn-1', at: at('08:30') }).thenThrows('SAME_DUE_TIME');
  });

  it('cancels an open dose when the order changes, and then refuses to document it', () => {
    const cancelled: DoseEvent = { type: 'mar.dose.cancelled', data: { doseId: 'd1', orderId: 'o1', reason: 'order-discontinued', at: at('08:00') } };
    spec.given([scheduled]).when({ type: 'CancelDose', doseId: 'd1', reason: 'order-discontinued', at: at('08:00') }).then([cancelled]);
    spec.given([scheduled, cancelled]).when(scanWristband('PID:pA')).thenThrows('DOSE_CANCELLED', /taken off the MAR at 08:00 EDT/);
  });

  it('restores a cancelled dose when its order is reinstated, once', () => {
    const cancelled: DoseEvent = { type: 'mar.dose.cancelled', data: { doseId: 'd1', orderId: 'o1', reason: 'order-discontinued', at: at('08:00') } };
    const restore: DoseCommand = { type: 'RestoreDose', doseId: 'd1', reason: 'order reinstated: discharge cancelled', at: at('08:20') };
    const restored: DoseEvent = { type: 'mar.dose.restored', data: { doseId: 'd1', orderId: 'o1', reason: 'order reinstated: discharge cancelled', at: at('08:20') } };
    spec.given([scheduled, cancelled]).when(restore).then([restored]);
    spec.given([scheduled, cancelled, restored]).when(restore).then([]);
    spec.given([scheduled, cancelled, restored]).when(scanWristband('PID:pA')).thenState((s) => expect(s).toMatchObject({ status: 'open', cancelled: null }));
  });

  it('does not cancel a dose already documented', () => {
    spec.given([...ready, given]).when({ type: 'CancelDose', doseId: 'd1', reason: 'order-discontinued', at: at('10:00') }).thenThrows('ALREADY_GIVEN');
  });

  it('refuses any step on a dose that is not on the MAR', () => {
    spec.given([]).when(give()).thenThrows('DOSE_NOT_FOUND');
  });
});

describe('right patient: the wristband', () => {
  it('records a wristband scan that matches the open patient', () => {
    spec.given([scheduled]).when(scanWristband(' PID:pA ')).then([wristbandOk()]);
  });

  it('blocks a wristband of another patient and documents nothing (scenario 1)', () => {
    spec.given([scheduled]).when(scanWristband('PID:pB')).thenThrows('WRONG_PATIENT', /this wristband is pB, the dose is for pA/);
    const named = { ...(scanWristband('PID:pB') as Extract<DoseCommand, { type: 'VerifyWristband' }>), wristband: { method: 'scanned' as const, code: 'PID:pB', shownAs: { scanned: 'MRN 0042', open: 'MRN 0007' } } };
    spec.given([scheduled, wristbandOk()]).when(named).thenThrows('WRONG_PATIENT', /STOP: wrong patient.*this wristband is MRN 0042, the dose is for MRN 0007/);
  });

  it('tells a package barcode scanned as a wristband apart', () => {
    spec.given([scheduled]).when(scanWristband(products[0]!.gtin)).thenThrows('NOT_A_WRISTBAND');
    spec.given([scheduled]).when(scanWristband('PID: ')).thenThrows('NOT_A_WRISTBAND');
  });

  it('accepts an unreadable wristband by hand with a reason and two identifiers, recorded as manual (scenario 19)', () => {
    spec
      .given([scheduled])
      .when({
        type: 'VerifyWristband',
        doseId: 'd1',
        order,
        wristband: { method: 'manual', reason: 'wristband-unreadable', comment: 'soaked', identifiersConfirmed: ['name', 'date-of-birth', 'name'] },
        by: 'rn-1',
        at: at('09:01'),
      })
      .then([
        {
          type: 'mar.wristband.verified',
          data: {
            doseId: 'd1',
            orderId: 'o1',
            patientId: 'pA',
            identification: { method: 'manual', reason: 'wristband-unreadable', comment: 'soaked' },
            identifiersConfirmed: ['name', 'date-of-birth'],
            by: 'rn-1',
            at: at('09:01'),
          },
        },
      ]);
  });

  it('refuses manual identification on one identifier', () => {
    spec
      .given([scheduled])
      .when({ type: 'VerifyWristband', doseId: 'd1', order, wristband: { method: 'manual', reason: 'no-wristband', comment: null, identifiersConfirmed: ['name', 'name'] }, by: 'rn-1', at: at('09:01') })
      .thenThrows('TWO_IDENTIFIERS_REQUIRED');
  });

  it('refuses a scan for a different order than the dose belongs to', () => {
    spec.given([scheduled]).when(scanWristband('PID:pA', orderOf(metoprolol, 'o2'))).thenThrows('ORDER_MISMATCH');
  });

  it('refuses to open a dose outside the schedule for a scheduled order', () => {
    spec.given([]).when(scanWristband('PID:pA')).thenThrows('NOT_A_PRN_ORDER');
  });
});

describe('right drug: the package', () => {
  it('wants the wristband first', () => {
    spec.given([scheduled]).when(scanProduct(products[0]!.gtin)).thenThrows('WRISTBAND_NOT_VERIFIED', /wristband first/);
  });

  it('records the scanned package with lot, expiry and serial from its GS1 DataMatrix', () => {
    spec
      .given([scheduled, wristbandOk()])
      .when(scanProduct(`(01)${products[0]!.gtin}(17)271031(10)LOT7(21)S1`))
      .then([{ type: 'mar.product.verified', data: { ...(productOk() as Extract<DoseEvent, { type: 'mar.product.verified' }>).data, lot: 'LOT7', expiry: '2027-10-31', serial: 'S1' } }]);
  });

  it('matches a linear barcode through the product file', () => {
    spec
      .given([scheduled, wristbandOk()])
      .when(scanProduct(products[0]!.gtin.slice(2)))
      .thenState((s) => expect(s.product?.drugId).toBe('metoprolol-tartrate-25-tab'));
  });

  it('blocks a product the patient has no order for, naming it (scenario 2)', () => {
    spec.given([scheduled, wristbandOk()]).when(scanProduct(products[1]!.gtin)).thenThrows('NOT_ORDERED', /No active order matches the scanned product \(Metoprolol Succinate ER 25 MG tablet\)/);
  });

  it('blocks an expired package (scenario 19)', () => {
    spec.given([scheduled, wristbandOk()]).when(scanProduct(`(01)${products[0]!.gtin}(17)260430`)).thenThrows('PRODUCT_EXPIRED', /Product expired 2026-04-30/);
  });

  it('accepts a package on its last day of use in the facility zone', () => {
    spec.given([scheduled, wristbandOk('rn-1', at('21:29'))]).when(scanProduct(`(01)${products[0]!.gtin}(17)260505`, order, at('21:30'))).thenState((s) => expect(s.product).not.toBeNull());
  });

  it('refuses codes that cannot be read or are not in the product file', () => {
    spec.given([scheduled, wristbandOk()]).when(scanProduct('hello')).thenThrows('UNREADABLE_BARCODE');
    spec.given([scheduled, wristbandOk()]).when(scanProduct(gtinFromNdc10('0999-9999-01'))).thenThrows('UNKNOWN_PRODUCT');
  });

  it('accepts a package typed in by its NDC with a reason, recorded as manual', () => {
    spec
      .given([scheduled, wristbandOk()])
      .when({ type: 'VerifyProduct', doseId: 'd1', order, product: { method: 'manual', ndc11: '00999-1010-01', reason: 'barcode-unreadable', comment: null }, verificationOverride: null, by: 'rn-1', at: at('09:02') })
      .then([
        {
          type: 'mar.product.verified',
          data: { ...(productOk() as Extract<DoseEvent, { type: 'mar.product.verified' }>).data, identification: { method: 'manual', reason: 'barcode-unreadable', comment: null }, gtin: null },
        },
      ]);
  });

  it('blocks the scan when the order was discontinued while the nurse was at the bedside (scenario 5)', () => {
    const discontinued: MarOrder = { ...order, status: 'discontinued', ended: { status: 'discontinued', at: at('09:02'), by: 'Dr X', reason: 'changed to carvedilol' } };
    spec.given([scheduled, wristbandOk()]).when(scanProduct(products[0]!.gtin, discontinued, at('09:05'))).thenThrows('ORDER_DISCONTINUED', /discontinued at 09:02 EDT by Dr X/);
  });

  it('blocks a dose of an order awaiting pharmacist verification, even with an override reason (scenario 4)', () => {
    const unverified = { ...order, verifiedAt: null };
    spec.given([scheduled, wristbandOk()]).when(scanProduct(products[0]!.gtin, unverified)).thenThrows('ORDER_NOT_VERIFIED', /awaiting pharmacist verification/);
    spec
      .given([scheduled, wristbandOk()])
      .when(scanProduct(products[0]!.gtin, unverified, at('09:02'), { reason: 'delay-would-harm-patient', comment: null }))
      .thenThrows('ORDER_NOT_VERIFIED', /Ask pharmacy to verify it/);
  });

  describe('a STAT order awaiting verification (scenario 4)', () => {
    const stat: MarOrder = { ...order, priority: 'stat', verifiedAt: null };
    const override = { reason: 'life-threatening-emergency' as const, comment: ' rapid AF, HR 160 ' };
    const overridden = { ...(productOk() as Extract<DoseEvent, { type: 'mar.product.verified' }>).data, verificationOverride: { reason: 'life-threatening-emergency' as const, comment: 'rapid AF, HR 160' } };

    it('wants a reason before the scan counts', () => {
      spec.given([scheduled, wristbandOk()]).when(scanProduct(products[0]!.gtin, stat)).thenThrows('VERIFICATION_OVERRIDE_REQUIRED', /STAT order awaiting pharmacist verification/);
      spec.given([scheduled, wristbandOk()]).when(scanProduct(products[0]!.gtin, stat, at('09:02'), override)).then([{ type: 'mar.product.verified', data: overridden }]);
    });

    it('gives the dose with the override on the record, for pharmacy to review', () => {
      spec
        .given([scheduled, wristbandOk(), { type: 'mar.product.verified', data: overridden }])
        .when(give({ order: stat }))
        .then([{ type: 'mar.dose.given', data: { ...givenData, verificationOverride: overridden.verificationOverride } }]);
      spec.given(ready).when(give({ order: stat })).thenThrows('VERIFICATION_OVERRIDE_REQUIRED');
    });

    it('records no override once pharmacy has verified the order', () => {
      const verified = { ...stat, verifiedAt: at('09:01') };
      spec.given([scheduled, wristbandOk()]).when(scanProduct(products[0]!.gtin, verified, at('09:02'), override)).then([productOk()]);
      spec
        .given([scheduled, wristbandOk(), { type: 'mar.product.verified', data: overridden }])
        .when(give({ order: verified }))
        .then([given]);
    });
  });

  it('blocks a dose of an order on hold (scenario 15)', () => {
    const onHold: MarOrder = { ...order, status: 'on-hold', holds: [{ from: at('08:00'), until: null, reason: 'NPO for procedure' }] };
    spec.given([scheduled, wristbandOk()]).when(scanProduct(products[0]!.gtin, onHold)).thenThrows('ORDER_ON_HOLD', /on hold since 08:00 EDT \(NPO for procedure\)/);
  });
});

describe('documenting a scheduled dose as given', () => {
  it('records the dose given with the five rights checked', () => {
    spec.given(ready).when(give()).then([given]);
  });

  it('uses up the scans: the next documentation needs new ones', () => {
    spec.given(ready).when(give()).thenState((s) => expect({ status: s.status, wristband: s.wristband, product: s.product }).toEqual({ status: 'given', wristband: null, product: null }));
  });

  it('refuses without both scans', () => {
    spec.given([scheduled]).when(give()).thenThrows('WRISTBAND_NOT_VERIFIED');
    spec.given([scheduled, wristbandOk()]).when(give()).thenThrows('PRODUCT_NOT_VERIFIED');
  });

  it('refuses the wrong route and the wrong dose', () => {
    spec.given(ready).when(give({ route: 'sublingual' })).thenThrows('WRONG_ROUTE', /ordered oral, not sublingual/);
    spec.given(ready).when(give({ amount: { value: 50, unit: 'mg' } })).thenThrows('WRONG_DOSE', /ordered dose is 25 mg; 50 mg/);
  });

  it('refuses a second "given" for the same dose: two nurses at once, the second sees who gave it (scenario 6)', () => {
    spec.given([...ready, given, wristbandOk('rn-2')]).when(give({ by: 'rn-2', at: at('09:04') })).thenThrows('ALREADY_GIVEN', /Already documented as given by rn-1 at 09:03 EDT/);
    spec.given([...ready, given]).when(scanWristband('PID:pA')).thenThrows('ALREADY_GIVEN');
  });

  it('blocks giving when the order was discontinued after the scans (scenario 5)', () => {
    const discontinued: MarOrder = { ...order, status: 'discontinued', ended: { status: 'discontinued', at: at('09:02'), by: 'Dr X', reason: 'changed' } };
    spec.given(ready).when(give({ order: discontinued, at: at('09:05') })).thenThrows('ORDER_DISCONTINUED');
  });

  it('accepts a dose given before a later discontinuation, documented afterwards', () => {
    const discontinued: MarOrder = { ...order, status: 'discontinued', ended: { status: 'discontinued', at: at('09:10'), by: 'Dr X', reason: 'changed' } };
    spec.given(ready).when(give({ order: discontinued })).then([given]);
  });

  it('refuses before the order starts', () => {
    spec.given(ready).when(give({ order: { ...order, start: at('10:00') } })).thenThrows('ORDER_NOT_STARTED');
  });
});

describe('wrong strength: a dose that takes more than one package (scenario 3)', () => {
  // Metoprolol 50 mg ordered; the blister holds 25 mg.
  const fifty = orderOf({ ...metoprolol, dose: { value: 50, unit: 'mg' } });
  const giveFifty = (overrides: Partial<Give> = {}) => give({ order: fifty, amount: { value: 50, unit: 'mg' }, ...overrides });
  const fiftyGiven = { ...givenData, amount: { value: 50, unit: 'mg' }, packages: 2 } as const;

  it('counts each scan of the same package', () => {
    spec.given([...ready, productOk()]).when(scanProduct(products[0]!.gtin, fifty)).thenState((s) => expect(s.product).toMatchObject({ count: 3, packageAmount: { value: 25, unit: 'mg' } }));
  });

  it('starts the count over when a different package of the drug is scanned', () => {
    const bottle: Product = { ...products[0]!, gtin: gtinFromNdc10('0999-1013-01'), ndc11: '00999-1013-01', packageAmount: { value: 2500, unit: 'mg' } };
    spec.given([...ready, productOk(bottle)]).when(give()).thenThrows('STRENGTH_MISMATCH');
    spec.given([...ready, productOk(bottle)]).when(scanProduct(products[0]!.gtin, fifty)).thenState((s) => expect(s.product?.count).toBe(1));
  });

  it('refuses a zero or negative amount as an invalid amount at once, never as a partial dose', () => {
    for (const value of [0, -25]) spec.given(ready).when(give({ amount: { value, unit: 'mg' } })).thenThrows('INVALID_AMOUNT', /more than 0/);
    spec.given(ready).when(give({ amount: { value: 0, unit: 'mg' }, partialReason: { reason: 'vomiting', comment: null } })).thenThrows('INVALID_AMOUNT');
  });

  it('refuses the 5 mg dose documented from one 10 mg tablet unless the split is documented with its reason', () => {
    const five = orderOf({ ...metoprolol, dose: { value: 12.5, unit: 'mg' } });
    spec.given(ready).when(give({ order: five, amount: { value: 12.5, unit: 'mg' } })).thenThrows('STRENGTH_MISMATCH', /1 × 25 mg scanned holds 25 mg; 12.5 mg is documented \(ordered 12.5 mg\)/);
    spec
      .given(ready)
      .when(give({ order: five, amount: { value: 12.5, unit: 'mg' }, partialReason: { reason: 'prescriber-instruction', comment: 'half tablet' } }))
      .then([{ type: 'mar.dose.given', data: { ...givenData, amount: { value: 12.5, unit: 'mg' }, partialDose: { ordered: { value: 25, unit: 'mg' }, reason: 'prescriber-instruction', comment: 'half tablet' } } }]);
  });

  it('refuses the full dose with one 25 mg tablet scanned, naming how many it takes', () => {
    spec.given(ready).when(giveFifty()).thenThrows('MORE_PACKAGES_NEEDED', /50 mg of Metoprolol Tartrate 25 MG Oral Tablet takes 2 × 25 mg; 1 is in hand/);
  });

  it('gives the full dose after a second scan', () => {
    spec.given([...ready, productOk()]).when(giveFifty()).then([{ type: 'mar.dose.given', data: fiftyGiven }]);
  });

  it('gives the full dose when the nurse confirms two tablets instead of scanning the second', () => {
    spec.given(ready).when(giveFifty({ packages: 2 })).then([{ type: 'mar.dose.given', data: fiftyGiven }]);
  });

  it('wants a reason for a partial dose, and records what was ordered beside what was given', () => {
    spec.given(ready).when(giveFifty({ amount: { value: 25, unit: 'mg' } })).thenThrows('PARTIAL_DOSE_REASON_REQUIRED', /25 mg is less than the ordered 50 mg/);
    const partialReason = { reason: 'medication-unavailable' as const, comment: 'second tablet not in the cabinet' };
    spec
      .given(ready)
      .when(giveFifty({ amount: { value: 25, unit: 'mg' }, partialReason }))
      .then([
        {
          type: 'mar.dose.given',
          data: { ...givenData, amount: { value: 25, unit: 'mg' }, packages: 1, partialDose: { ordered: { value: 50, unit: 'mg' }, ...partialReason } },
        },
      ]);
  });

  it('shows the partial dose on the entry', () => {
    const partialDose = { ordered: { value: 50, unit: 'mg' as const }, reason: 'patient-unable-to-take' as const, comment: null };
    spec
      .given([scheduled, { type: 'mar.dose.given', data: { ...givenData, partialDose } }])
      .when({ type: 'MarkEnteredInError', doseId: 'd1', entryId: 'entry-1', reason: 'x', by: 'rn-1', at: at('10:00') })
      .thenState((s) => expect(s.entries[0]).toMatchObject({ amount: { value: 25, unit: 'mg' }, partialOf: { value: 50, unit: 'mg' }, reason: 'patient-unable-to-take' }));
  });

  it('refuses more than ordered, a partial reason on a full dose, and a package count that is not a whole number', () => {
    spec.given([...ready, productOk(), productOk()]).when(giveFifty({ amount: { value: 75, unit: 'mg' } })).thenThrows('WRONG_DOSE', /ordered dose is 50 mg; 75 mg/);
    spec.given([...ready, productOk()]).when(giveFifty({ partialReason: { reason: 'other', comment: null } })).thenThrows('NOT_A_PARTIAL_DOSE');
    spec.given(ready).when(giveFifty({ packages: 0 })).thenThrows('INVALID_PACKAGE_COUNT');
    spec.given(ready).when(giveFifty({ packages: 1.5 })).thenThrows('INVALID_PACKAGE_COUNT');
  });

  it('accounts for controlled-substance waste over every package opened', () => {
    // Hydromorphone 3 mg from two 2 mg cartridges: 1 mg wasted before a witness.
    const hydromorphone = orderOf({ ...metoprolol, drugId: 'hydromorphone-2-inj', drugName: 'Hydromorphone 2 MG/ML', dose: { value: 3, unit: 'mg' }, route: 'intravenous', controlledSchedule: 'CII' });
    const twoCartridges = [scheduled, wristbandOk(), productOk(products[3]), productOk(products[3])];
    const giveHydro = (waste: Give['waste']) => give({ order: hydromorphone, amount: { value: 3, unit: 'mg' }, route: 'intravenous', site: 'iv-line-peripheral', waste });
    spec.given(twoCartridges).when(giveHydro(null)).thenThrows('WASTE_MISMATCH', /package \(4 mg\): document 1 mg wasted/);
    spec
      .given(twoCartridges)
      .when(giveHydro({ amount: { value: 1, unit: 'mg' }, witnessedBy: 'rn-3' }))
      .thenState((s) => expect(s.status).toBe('given'));
  });
});

describe('scans belong to the nurse who made them, at the bedside, now', () => {
  it("does not count another nurse's scans: the nurse who documents must have scanned", () => {
    spec.given(ready).when(give({ by: 'rn-2' })).thenThrows('SCANNED_BY_ANOTHER_USER', /wristband was scanned by rn-1, not by you/);
    spec.given([scheduled, wristbandOk('rn-1'), productOk(undefined, 'rn-2')]).when(give({ by: 'rn-2' })).thenThrows('SCANNED_BY_ANOTHER_USER', /wristband/);
    spec.given([scheduled, wristbandOk('rn-2')]).when(scanProduct(products[0]!.gtin)).thenThrows('WRISTBAND_NOT_VERIFIED');
  });

  it("starts over when another nurse scans the wristband: the first nurse's package no longer counts", () => {
    spec.given([...ready, wristbandOk('rn-2', at('09:02'))]).when(give({ by: 'rn-2' })).thenThrows('PRODUCT_NOT_VERIFIED');
    spec.given([...ready, wristbandOk('rn-2', at('09:02'))]).when(give()).thenThrows('PRODUCT_NOT_VERIFIED');
  });

  it('needs the scans repeated once they are older than the configured time (10 min)', () => {
    spec.given(ready).when(give({ at: at('09:12') })).thenThrows('SCAN_EXPIRED', /wristband was scanned 11 min ago; a scan counts for 10 min/);
    spec.given(ready).when(give({ at: at('09:12'), by: 'rn-1' })).thenThrows('SCAN_EXPIRED');
    spec.given(ready).when(give({ at: at('09:10') })).then([{ type: 'mar.dose.given', data: { ...givenData, at: at('09:10') } }]);
    spec.given([scheduled, wristbandOk('rn-1', at('08:40'))]).when(scanProduct(products[0]!.gtin)).thenThrows('SCAN_EXPIRED', /wristband/);
  });
});

describe('right time: ISMP windows', () => {
  const daily: MarOrder = orderOf({ ...metoprolol, frequency: { type: 'scheduled', code: 'daily', times: ['09:00'] } });
  const insulin: MarOrder = orderOf({ ...metoprolol, timeCritical: true });

  it('gives a daily dose 1 h 55 min early without a reason, 2 h 30 min early only with one (scenario 9)', () => {
    spec.given(readyAt(at('07:05'))).when(give({ order: daily, at: at('07:05') })).then([{ type: 'mar.dose.given', data: { ...givenData, at: at('07:05') } }]);
    spec.given(readyAt(at('06:30'))).when(give({ order: daily, at: at('06:30') })).thenThrows('TOO_EARLY', /150 min before the scheduled time \(09:00 EDT\)/);
    spec
      .given(readyAt(at('06:30')))
      .when(give({ order: daily, at: at('06:30'), timingReason: { reason: 'patient-off-unit', comment: 'leaving for dialysis' } }))
      .then([{ type: 'mar.dose.given', data: { ...givenData, at: at('06:30'), timingVariance: { minutes: -150, reason: 'patient-off-unit', comment: 'leaving for dialysis' } } }]);
  });

  it('needs a reason for a time-critical dose 45 min late (scenario 10)', () => {
    spec.given(readyAt(at('09:30'))).when(give({ order: insulin, at: at('09:30') })).then([{ type: 'mar.dose.given', data: { ...givenData, at: at('09:30') } }]);
    spec.given(readyAt(at('09:45'))).when(give({ order: insulin, at: at('09:45') })).thenThrows('TOO_LATE', /45 min after/);
  });

  it('gives a BID dose within an hour either side', () => {
    spec.given(readyAt(at('08:00'))).when(give({ at: at('08:00') })).then([{ type: 'mar.dose.given', data: { ...givenData, at: at('08:00') } }]);
    spec.given(readyAt(at('10:01'))).when(give({ at: at('10:01') })).thenThrows('TOO_LATE');
  });

  it('measures the window from a rescheduled due time', () => {
    const rescheduled: DoseEvent = { type: 'mar.dose.rescheduled', data: { doseId: 'd1', orderId: 'o1', from: due, dueAt: at('12:00'), reason: 'delayed-by-procedure', comment: null, by: 'rn-1', at: at('08:30') } };
    spec.given(readyAt(at('12:30'), [scheduled, rescheduled])).when(give({ at: at('12:30') })).then([{ type: 'mar.dose.given', data: { ...givenData, at: at('12:30') } }]);
  });

  it('applies no window to a one-time dose', () => {
    const once = orderOf({ ...metoprolol, frequency: { type: 'once' } });
    spec.given(readyAt(at('15:00'))).when(give({ order: once, at: at('15:00') })).then([{ type: 'mar.dose.given', data: { ...givenData, at: at('15:00') } }]);
  });
});

describe('independent checks', () => {
  const heparin = orderOf({ ...metoprolol, drugId: 'heparin-5000-inj', drugName: 'Heparin 5,000 units', dose: { value: 5000, unit: '[iU]' }, route: 'subcutaneous', highAlert: true });
  const heparinReady = [scheduled, wristbandOk(), productOk(products[2])];
  const giveHeparin = (verifiedBy: string | null) => give({ order: heparin, amount: { value: 5000, unit: '[iU]' }, route: 'subcutaneous', site: 'abdomen-left', verifiedBy });

  it('records a high-alert dose with the second nurse as verifier (scenario 16)', () => {
    spec
      .given(heparinReady)
      .when(giveHeparin('rn-2'))
      .then([{ type: 'mar.dose.given', data: { ...givenData, amount: { value: 5000, unit: '[iU]' }, route: 'subcutaneous', site: 'abdomen-left', verifiedBy: 'rn-2' } }]);
  });

  it('refuses a high-alert dose without a second nurse, or checked by the same nurse (scenario 16)', () => {
    spec.given(heparinReady).when(giveHeparin(null)).thenThrows('SECOND_NURSE_REQUIRED', /high-alert/);
    spec.given(heparinReady).when(giveHeparin('rn-1')).thenThrows('SECOND_NURSE_NOT_INDEPENDENT');
  });

  const hydromorphone = orderOf({
    ...metoprolol,
    drugId: 'hydromorphone-2-inj',
    drugName: 'Hydromorphone 2 MG/ML',
    dose: { value: 0.5, unit: 'mg' },
    route: 'intravenous',
    frequency: { type: 'interval', code: 'q4h' },
    controlledSchedule: 'CII',
  });
  const hydroReady = [scheduled, wristbandOk(), productOk(products[3])];
  const giveHydro = (waste: Give['waste']) => give({ order: hydromorphone, amount: { value: 0.5, unit: 'mg' }, route: 'intravenous', site: 'iv-line-peripheral', waste });

  it('records the waste of a controlled substance with its witness (scenario 17)', () => {
    const waste = { amount: { value: 1.5, unit: 'mg' as const }, witnessedBy: 'rn-3' };
    spec
      .given(hydroReady)
      .when(giveHydro(waste))
      .then([{ type: 'mar.dose.given', data: { ...givenData, amount: { value: 0.5, unit: 'mg' }, route: 'intravenous', site: 'iv-line-peripheral', waste } }]);
  });

  it('blocks when given plus wasted is not the package, or the witness is the nurse (scenario 17)', () => {
    spec.given(hydroReady).when(giveHydro(null)).thenThrows('WASTE_MISMATCH', /document 1.5 mg wasted/);
    spec.given(hydroReady).when(giveHydro({ amount: { value: 1, unit: 'mg' }, witnessedBy: 'rn-3' })).thenThrows('WASTE_MISMATCH');
    spec.given(hydroReady).when(giveHydro({ amount: { value: 1.5, unit: 'mg' }, witnessedBy: 'rn-1' })).thenThrows('WITNESS_NOT_INDEPENDENT');
  });
});

describe('doses not given', () => {
  const common = { doseId: 'd1', entryId: 'entry-1', comment: 'HR 54', by: 'rn-1', at: at('09:05') };
  const data = { ...common, orderId: 'o1', patientId: 'pA' };

  it('holds a dose with a coded reason; the slot is closed (scenario 7)', () => {
    spec.given([scheduled]).when({ type: 'HoldDose', ...common, reason: 'parameter-not-met' }).then([{ type: 'mar.dose.held', data: { ...data, reason: 'parameter-not-met' } }]);
    spec.given([scheduled]).when({ type: 'HoldDose', ...common, reason: 'parameter-not-met' }).thenState((s) => expect(s.status).toBe('held'));
  });

  it('records a refusal and a dose not given (scenario 8)', () => {
    spec.given([scheduled]).when({ type: 'RefuseDose', ...common, comment: ' ', reason: 'patient-refused' }).then([{ type: 'mar.dose.refused', data: { ...data, comment: null, reason: 'patient-refused' } }]);
    spec.given([scheduled]).when({ type: 'RecordDoseNotGiven', ...common, reason: 'patient-off-unit' }).then([{ type: 'mar.dose.not-given', data: { ...data, reason: 'patient-off-unit' } }]);
  });

  it('refuses to give a held dose', () => {
    const held: DoseEvent = { type: 'mar.dose.held', data: { ...data, reason: 'parameter-not-met' } };
    spec.given([scheduled, held]).when(give()).thenThrows('ALREADY_DOCUMENTED', /documented as held by rn-1/);
  });
});

describe('as-needed doses', () => {
  const oxycodone = orderOf({
    ...metoprolol,
    drugId: 'oxycodone-5-tab',
    drugName: 'Oxycodone 5 MG Oral Tablet',
    dose: { value: 5, unit: 'mg' },
    frequency: { type: 'prn', minIntervalMinutes: 240, maxPer24h: { value: 30, unit: 'mg' }, indication: 'pain' },
    highAlert: true,
    controlledSchedule: 'CII',
  });
  const prnWristband: DoseEvent = { type: 'mar.wristband.verified', data: { ...(wristbandOk() as Extract<DoseEvent, { type: 'mar.wristband.verified' }>).data, at: at('12:29') } };
  const prnReady = [prnWristband, productOk(products[4], 'rn-1', at('12:29'))];
  type GivePrn = Extract<DoseCommand, { type: 'GivePrnDose' }>;
  const givePrn = (overrides: Partial<GivePrn> = {}): GivePrn => ({
    ...give({ order: oxycodone, amount: { value: 5, unit: 'mg' }, verifiedBy: 'rn-2', at: at('12:30') }),
    type: 'GivePrnDose',
    indication: 'pain, right hip',
    painScore: 8,
    priorAdministrations: [{ at: at('10:00'), amount: { value: 5, unit: 'mg' }, by: 'rn-3' }],
    ...overrides,
  });
  const prnGiven = (extra: object = {}): DoseEvent => ({
    type: 'mar.prn-dose.given',
    data: {
      ...givenData,
      amount: { value: 5, unit: 'mg' },
      at: at('12:30'),
      verifiedBy: 'rn-2',
      indication: 'pain, right hip',
      painScore: 8,
      reassessmentDueAt: '2026-05-05T17:30:00.000Z',
      ...extra,
    },
  });

  it('opens a PRN administration with the wristband scan', () => {
    spec.given([]).when(scanWristband('PID:pA', oxycodone, at('12:29'))).then([prnWristband]);
    spec.given([]).when(scanWristband('PID:pA', oxycodone, at('12:29'))).thenState((s) => expect({ status: s.status, kind: s.kind }).toEqual({ status: 'open', kind: 'prn' }));
  });

  it('gives a PRN dose after its minimum interval, with its reassessment due an hour later for an oral dose', () => {
    spec.given([{ ...prnWristband, data: { ...prnWristband.data, at: at('13:59') } } as DoseEvent, productOk(products[4], 'rn-1', at('13:59'))]).when(givePrn({ at: at('14:00') })).then([prnGiven({ at: at('14:00'), reassessmentDueAt: '2026-05-05T19:00:00.000Z' })]);
  });

  it('refuses a PRN dose within its interval, naming the next eligible time (scenario 11)', () => {
    spec.given(prnReady).when(givePrn()).thenThrows('PRN_TOO_SOON', /Last given: 5 mg by rn-3 at 10:00 EDT; next eligible at 14:00 EDT/);
  });

  it('gives it sooner only with a reason, recording how early (scenario 11)', () => {
    spec.given(prnReady).when(givePrn({ timingReason: { reason: 'clinical-need', comment: 'pain 9/10 after physio' } })).then([
      prnGiven({ timingVariance: { minutes: -90, reason: 'clinical-need', comment: 'pain 9/10 after physio' } }),
    ]);
  });

  it('blocks a dose that would pass the 24-hour maximum, even with a reason (scenario 11)', () => {
    const five = [2, 6, 10, 14, 18].map((h) => ({ at: new Date(Date.parse(at('12:30')) - h * 3_600_000).toISOString(), amount: { value: 5, unit: 'mg' as const }, by: 'rn-3' }));
    const sixth = five.map((p) => ({ ...p, at: new Date(Date.parse(p.at) - 3_600_000 * 2).toISOString() }));
    spec.given(prnReady).when(givePrn({ priorAdministrations: [...five, { at: at('10:30'), amount: { value: 5, unit: 'mg' }, by: 'rn-3' }], timingReason: { reason: 'clinical-need', comment: null } })).thenThrows('PRN_MAXIMUM_EXCEEDED', /35 mg in 24 hours/);
    spec.given(prnReady).when(givePrn({ priorAdministrations: sixth })).then([prnGiven()]);
  });

  it('counts doses written in other mass units, and refuses what cannot be compared', () => {
    spec.given(prnReady).when(givePrn({ priorAdministrations: [{ at: at('02:00'), amount: { value: 0.026, unit: 'g' }, by: 'rn-3' }] })).thenThrows('PRN_MAXIMUM_EXCEEDED');
    spec.given(prnReady).when(givePrn({ priorAdministrations: [{ at: at('02:00'), amount: { value: 1, unit: '{tablet}' }, by: 'rn-3' }] })).thenThrows('PRN_MAXIMUM_UNCHECKABLE');
  });

  it('counts a dose another nurse documented at the same moment with a later clock (the race two nurses run)', () => {
    spec.given(prnReady).when(givePrn({ priorAdministrations: [{ at: '2026-05-05T12:30:01-04:00', amount: { value: 5, unit: 'mg' }, by: 'rn-3' }] })).thenThrows('PRN_TOO_SOON', /5 mg by rn-3 at 12:30 EDT/);
  });

  it("tells the PRN order's stream what a dose given, corrected or in error changes in its count", () => {
    const given = prnGiven() as Extract<DoseEvent, { type: 'mar.prn-dose.given' }>;
    const counted = prnOrderEventsFor(initialDoseState, [given]);
    expect(counted).toEqual([{ type: 'mar.prn-order.administration-counted', data: { orderId: given.data.orderId, doseId: given.data.doseId, entryId: given.data.entryId, amount: { value: 5, unit: 'mg' }, givenAt: at('12:30'), by: given.data.by } }]);
    const dose = [...prnReady, given].reduce(evolveDose, initialDoseState);
    const amended = prnOrderEventsFor(dose, [{ type: 'mar.dose.amended', data: { doseId: dose.doseId, entryId: given.data.entryId, orderId: dose.orderId, amount: null, site: null, givenAt: at('12:00'), reason: 'clock', by: 'rn-1', at: at('13:00') } }]);
    const withdrawn = prnOrderEventsFor(dose, [{ type: 'mar.dose.documented-in-error', data: { doseId: dose.doseId, entryId: given.data.entryId, orderId: dose.orderId, reason: 'wrong patient chart', by: 'rn-1', at: at('13:00') } }]);
    const count = [...counted, ...amended].reduce(evolvePrnOrder, initialPrnOrderState);
    expect(priorAdministrations(count)).toEqual([{ at: at('12:00'), amount: { value: 5, unit: 'mg' }, by: given.data.by }]);
    expect(priorAdministrations(withdrawn.reduce(evolvePrnOrder, count))).toEqual([]);
  });

  it('needs an indication', () => {
    spec.given(prnReady).when(givePrn({ indication: '  ', priorAdministrations: [] })).thenThrows('INDICATION_REQUIRED');
  });

  it('applies the high-alert double check to PRN doses too', () => {
    spec.given(prnReady).when(givePrn({ verifiedBy: null, priorAdministrations: [] })).thenThrows('SECOND_NURSE_REQUIRED');
  });

  it('refuses to document a PRN dose twice, or a scheduled dose as PRN, or hold a PRN', () => {
    spec.given([...prnReady, prnGiven()]).when(givePrn({ priorAdministrations: [] })).thenThrows('ALREADY_GIVEN');
    spec.given(ready).when(givePrn({ order })).thenThrows('NOT_A_PRN_DOSE');
    spec.given(prnReady).when(give({ order: oxycodone })).thenThrows('NOT_A_SCHEDULED_DOSE');
    spec.given(prnReady).when({ type: 'HoldDose', doseId: 'd1', entryId: 'e', reason: 'npo', comment: null, by: 'rn-1', at: at('12:30') }).thenThrows('NOT_A_SCHEDULED_DOSE');
  });

  it('records the reassessment once (scenario 12)', () => {
    const reassess: DoseCommand = { type: 'ReassessPrnDose', doseId: 'd1', effect: 'effective', painScore: 3, comment: null, by: 'rn-1', at: at('13:25') };
    const reassessed: DoseEvent = { type: 'mar.prn-dose.reassessed', data: { doseId: 'd1', orderId: 'o1', effect: 'effective', painScore: 3, comment: null, by: 'rn-1', at: at('13:25') } };
    spec.given([...prnReady, prnGiven()]).when(reassess).then([reassessed]);
    spec.given([...prnReady, prnGiven(), reassessed]).when(reassess).thenThrows('ALREADY_REASSESSED');
    spec.given(prnReady).when(reassess).thenThrows('NOT_A_PRN_DOSE');
  });
});

describe('corrections', () => {
  const inError: DoseEvent = { type: 'mar.dose.documented-in-error', data: { doseId: 'd1', entryId: 'entry-1', orderId: 'o1', reason: 'documented on the wrong slot', by: 'rn-1', at: at('09:20') } };

  it('marks a given entry in error; the entry stays in the history and the slot reopens (scenario 18)', () => {
    spec.given([...ready, given]).when({ type: 'MarkEnteredInError', doseId: 'd1', entryId: 'entry-1', reason: ' documented on the wrong slot ', by: 'rn-1', at: at('09:20') }).then([inError]);
    spec
      .given([...ready, given])
      .when({ type: 'MarkEnteredInError', doseId: 'd1', entryId: 'entry-1', reason: 'documented on the wrong slot', by: 'rn-1', at: at('09:20') })
      .thenState((s) => {
        expect(s.status).toBe('open');
        expect(s.entries).toHaveLength(1);
        expect(s.entries[0]!.inError).toEqual({ reason: 'documented on the wrong slot', by: 'rn-1', at: at('09:20') });
      });
  });

  it('lets the reopened dose be documented again after fresh scans', () => {
    spec.given([...ready, given, inError]).when(give()).thenThrows('WRISTBAND_NOT_VERIFIED');
    spec.given([...ready, given, inError, wristbandOk(), productOk()]).when(give({ entryId: 'entry-2' })).then([{ type: 'mar.dose.given', data: { ...givenData, entryId: 'entry-2' } }]);
  });

  it('refuses a correction without a reason, of an unknown entry or of one already in error', () => {
    spec.given([...ready, given]).when({ type: 'MarkEnteredInError', doseId: 'd1', entryId: 'entry-1', reason: ' ', by: 'rn-1', at: at('09:20') }).thenThrows('REASON_REQUIRED');
    spec.given([...ready, given]).when({ type: 'MarkEnteredInError', doseId: 'd1', entryId: 'nope', reason: 'x', by: 'rn-1', at: at('09:20') }).thenThrows('ENTRY_NOT_FOUND');
    spec.given([...ready, given, inError]).when({ type: 'MarkEnteredInError', doseId: 'd1', entryId: 'entry-1', reason: 'x', by: 'rn-1', at: at('09:20') }).thenThrows('ENTRY_NOT_CURRENT');
  });

  const amend = (overrides: Partial<Extract<DoseCommand, { type: 'AmendAdministration' }>> = {}): DoseCommand => ({
    type: 'AmendAdministration',
    order,
    doseId: 'd1',
    entryId: 'entry-1',
    amount: null,
    site: null,
    givenAt: at('08:55'),
    reason: 'charted the scan time, not the time given',
    by: 'rn-1',
    at: at('09:30'),
    ...overrides,
  });

  it('amends a given entry, keeping the values it replaced', () => {
    spec
      .given([...ready, given])
      .when(amend())
      .then([{ type: 'mar.dose.amended', data: { doseId: 'd1', entryId: 'entry-1', orderId: 'o1', amount: null, site: null, givenAt: at('08:55'), reason: 'charted the scan time, not the time given', by: 'rn-1', at: at('09:30') } }]);
    spec
      .given([...ready, given])
      .when(amend())
      .thenState((s) => {
        expect(s.entries[0]!.at).toBe(at('08:55'));
        expect(s.entries[0]!.amendments[0]!.before).toEqual({ amount: { value: 25, unit: 'mg' }, site: null, at: at('09:03') });
      });
  });

  it('refuses a time given in the future or before the order started, and an amount of zero or less', () => {
    spec.given([...ready, given]).when(amend({ givenAt: at('09:31') })).thenThrows('GIVEN_AT_IN_FUTURE', /later than now \(09:30 EDT\)/);
    spec.given([...ready, given]).when(amend({ givenAt: '2026-05-04T07:59:00-04:00' })).thenThrows('GIVEN_AT_BEFORE_ORDER', /the order started at 08:00 EDT/);
    spec.given([...ready, given]).when(amend({ givenAt: null, amount: { value: -5, unit: 'mg' } })).thenThrows('INVALID_AMOUNT');
  });

  it('refuses an amendment that changes nothing, or of an entry that is not "given"', () => {
    spec.given([...ready, given]).when(amend({ givenAt: null })).thenThrows('NOTHING_TO_AMEND');
    const held: DoseEvent = { type: 'mar.dose.held', data: { doseId: 'd1', entryId: 'entry-1', orderId: 'o1', patientId: 'pA', comment: null, by: 'rn-1', at: at('09:05'), reason: 'npo' } };
    spec.given([scheduled, held]).when(amend()).thenThrows('NOT_A_GIVEN_ENTRY');
  });
});

describe('a dose on an encounter that has ended', () => {
  it('refuses to document a dose once ADT has discharged the patient', () => {
    spec.given(ready).when(give({ encounter: { encounterId: order.encounterId, status: 'finished' } })).thenThrows('PATIENT_DISCHARGED', /discharged/);
  });

  it('refuses to document a dose on an admission that was cancelled', () => {
    spec.given(ready).when(give({ encounter: { encounterId: order.encounterId, status: 'cancelled' } })).thenThrows('ADMISSION_CANCELLED');
  });

  it('documents the dose while the patient is on leave from the unit: the encounter is still open', () => {
    spec.given(ready).when(give({ encounter: { encounterId: order.encounterId, status: 'onleave' } })).then([given]);
  });
});
