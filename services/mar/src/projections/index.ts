import type { Projection } from '@ehr/platform';
import { dosesProjection } from './doses.projection.js';

/** The eMAR's schema and the read models kept from its own events. */
export const schema = 'mar';
export const projections: Projection[] = [dosesProjection(schema)];
