import type { Projection } from '@ehr/platform';
import { bedBoardProjection } from './bed-board.projection.js';
import { bedRequestQueueProjection } from './bed-request-queue.projection.js';
import { encounterListProjection } from './encounter-list.projection.js';
import { patientIndexProjection } from './patient-index.projection.js';

/** The ADT service's schema and the read models kept from its events. */
export const schema = 'adt';
export const projections: Projection[] = [patientIndexProjection(schema), encounterListProjection(schema), bedBoardProjection(schema), bedRequestQueueProjection(schema)];
