import type { Projection } from '@ehr/platform';
import type { BillingPolicy } from '../domain/account.decider.js';
import { accountsProjection } from './accounts.projection.js';

/** The revenue service's schema and the read models kept from its own events. */
export const schema = 'revenue';
export const projectionsFor = (policy: BillingPolicy): Projection[] => [accountsProjection(schema, policy)];
