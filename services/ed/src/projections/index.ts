import type { Projection } from '@ehr/platform';
import { visitsProjection } from './visits.projection.js';

/** The ED service's schema and the read models kept from its own events. */
export const schema = 'ed';
export const projections: Projection[] = [visitsProjection(schema)];
