import { z } from 'zod';
import { defineEvent } from '../registry.js';
import { levelOfCare } from './adt-codes.js';

export const unitConfigured = defineEvent({
  type: 'adt.unit.configured',
  description: 'A nursing unit was set up or its name or level of care changed; other services learn the facility from it.',
  schema: z.object({ unitId: z.string(), name: z.string().min(1), levelOfCare }),
});

export const adtUnitEvents = [unitConfigured];
