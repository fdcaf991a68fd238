import { specFor } from '@ehr/platform/testing';
import { unitDecider } from './unit.decider.js';

const spec = specFor(unitDecider);
const configured = { type: 'adt.unit.configured', data: { unitId: 'ICU', name: 'Intensive Care', levelOfCare: 'icu' } } as const;

describe('unit', () => {
  it('is configured with its level of care', () => {
    spec.given([]).when({ type: 'ConfigureUnit', unitId: 'ICU', name: 'Intensive Care', levelOfCare: 'icu' }).then([configured]);
  });

  it('says nothing when configured again the same way, and tells a change', () => {
    spec.given([configured]).when({ type: 'ConfigureUnit', unitId: 'ICU', name: 'Intensive Care', levelOfCare: 'icu' }).then([]);
    spec
      .given([configured])
      .when({ type: 'ConfigureUnit', unitId: 'ICU', name: 'Intensive Care', levelOfCare: 'telemetry' })
      .then([{ type: 'adt.unit.configured', data: { unitId: 'ICU', name: 'Intensive Care', levelOfCare: 'telemetry' } }]);
  });
});
