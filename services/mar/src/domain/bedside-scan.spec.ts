import { specFor } from '@ehr/platform/testing';
import { withBedsideScan } from './bedside-scan.js';
import { createProductCatalog } from './product-catalog.js';
import { seedProducts } from './product-file.seed.js';
import type { MarOrder } from './mar-order.js';
import { createDoseDecider } from './dose.decider.js';
import type { DoseEvent } from './dose-state.js';
import { ismpTimingPolicy } from './timing-window.js';
import { gtinFromNdc10 } from '@ehr/contracts';

const order: MarOrder = {
  orderId: 'o1',
  patientId: 'pA',
  encounterId: 'e1',
  priority: 'routine',
  start: '2026-05-04T08:00:00-04:00',
  stop: null,
  details: {
    kind: 'medication',
    drugId: 'metoprolol-tartrate-25-tab',
    drugName: 'Metoprolol Tartrate 25 MG Oral Tablet',
    dose: { value: 25, unit: 'mg' },
    route: 'oral',
    frequency: { type: 'scheduled', code: 'BID', times: ['09:00', '21:00'] },
    timeCritical: false,
    highAlert: false,
    controlledSchedule: null,
    indication: null,
    instructions: null,
  },
  status: 'active',
  verifiedAt: '2026-05-04T08:30:00-04:00',
  holds: [],
  ended: null,
};
const spec = specFor(withBedsideScan(createDoseDecider({ zone: 'America/New_York', timing: ismpTimingPolicy, products: createProductCatalog(seedProducts), prnReassessmentMinutes: () => 60, scanValidMinutes: 10 })));
const scheduled: DoseEvent = { type: 'mar.dose.scheduled', data: { doseId: 'd1', orderId: 'o1', patientId: 'pA', encounterId: 'e1', dueAt: '2026-05-04T13:00:00.000Z', timeCritical: false } };
const at = '2026-05-04T13:01:00.000Z';
const scan = (wristband: string, product: string) => ({
  type: 'VerifyAtBedside' as const,
  doseId: 'd1',
  wristband: { type: 'VerifyWristband' as const, doseId: 'd1', order, wristband: { method: 'scanned' as const, code: wristband }, by: 'rn-1', at },
  product: { type: 'VerifyProduct' as const, doseId: 'd1', order, product: { method: 'scanned' as const, code: product }, verificationOverride: null, by: 'rn-1', at },
});

describe('one scan of the package after the wristband', () => {
  it('records both checks, the package checked after the wristband', () => {
    spec.given([scheduled]).when(scan('PID:pA', gtinFromNdc10('99902-2012-1'))).thenState((s) => expect([s.wristband?.by, s.product?.drugId]).toEqual(['rn-1', 'metoprolol-tartrate-25-tab']));
  });

  it('writes neither when the wristband is wrong', () => {
    spec.given([scheduled]).when(scan('PID:pB', gtinFromNdc10('99902-2012-1'))).thenThrows('WRONG_PATIENT');
  });

  it('writes neither when the package is not the ordered drug', () => {
    spec.given([scheduled]).when(scan('PID:pA', gtinFromNdc10('99901-114-10'))).thenThrows('NOT_ORDERED');
  });
});
