import { z } from 'zod';
import { instant } from './adt-codes.js';
import { doseQuantity } from './orders-codes.js';
import { defineEvent } from '../registry.js';

/*
 * A PRN order's administrations as one stream (`prn-order-<orderId>`): the consistency boundary
 * the minimum interval and the 24-hour maximum are decided on. Each is written in the same
 * transaction as the dose's own event, at the version the decision read (docs/adr/0016).
 */

export const prnAdministrationCounted = defineEvent({
  type: 'mar.prn-order.administration-counted',
  description: 'An as-needed dose given (or its amount or time corrected) counts against its order: who gave how much, when.',
  schema: z.object({ orderId: z.string(), doseId: z.string(), entryId: z.string(), amount: doseQuantity, givenAt: instant, by: z.string() }),
});
export const prnAdministrationWithdrawn = defineEvent({
  type: 'mar.prn-order.administration-withdrawn',
  description: 'An as-needed dose documented in error no longer counts against its order.',
  schema: z.object({ orderId: z.string(), doseId: z.string(), entryId: z.string(), by: z.string(), at: instant }),
});

export const marPrnOrderEvents = [prnAdministrationCounted, prnAdministrationWithdrawn];
