import type { Projection } from '@ehr/platform';
import { allergiesProjection } from './allergies.projection.js';
import { ordersProjection } from './orders.projection.js';

/** The orders service's schema and the read models kept from its own events. */
export const schema = 'orders';
export const projections: Projection[] = [ordersProjection(schema), allergiesProjection(schema)];
