import { DateTime } from 'luxon';
import type { ChargeAction, ChargeLine } from './charge-capture.js';
import type { PostedLine } from './account-state.js';

/** An outpatient account of the same patient and the charges standing on it. */
export interface OutpatientAccount {
  accountId: string;
  charges: PostedLine[];
}

/** A charge of an outpatient account that belongs on the inpatient claim, and how it moves. */
export interface WindowMove {
  fromAccountId: string;
  chargeId: string;
  /** On the outpatient account: its charge reversed. */
  reverse: ChargeAction;
  /** On the inpatient account: the same line, same service date, named after where it came from. */
  post: ChargeAction;
}

/** Ambulance (054x) and maintenance dialysis (082x–085x) are outside the payment window. */
const excluded = (revenueCode: string): boolean => /^054\d$/.test(revenueCode) || /^08[2-5]\d$/.test(revenueCode);

/**
 * The payment window (the "72-hour rule"): outpatient services the hospital gave the patient on
 * the admission date or in the `days` calendar days before it (3 for a hospital paid under IPPS)
 * go on the inpatient claim. Diagnostic services always; other services count as related unless
 * the hospital attests otherwise on the outpatient claim (condition code 51), which this
 * hospital does not, so they move too. The window counts calendar days, not hours.
 */
export function paymentWindowMoves(inpatientAccountId: string, admissionAt: string, days: number, timeZone: string, outpatient: OutpatientAccount[]): WindowMove[] {
  const admissionDate = DateTime.fromISO(admissionAt, { zone: timeZone }).startOf('day');
  const first = admissionDate.minus({ days }).toISODate()!;
  const last = admissionDate.toISODate()!;
  const moves: WindowMove[] = [];
  for (const account of outpatient) {
    for (const charge of account.charges) {
      if (charge.reversesChargeId !== null || charge.reversedBy !== null) continue;
      if (charge.serviceDate < first || charge.serviceDate > last || excluded(charge.revenueCode)) continue;
      const { chargeCode, description, revenueCode, hcpcs, modifiers, serviceDate, quantity, unitPriceCents, amountCents } = charge;
      const line: ChargeLine = {
        chargeCode,
        description,
        revenueCode,
        hcpcs,
        modifiers,
        serviceDate,
        quantity,
        unitPriceCents,
        amountCents,
        source: { kind: 'manual', id: `payment-window:${account.accountId}:${charge.chargeId}` },
      };
      moves.push({
        fromAccountId: account.accountId,
        chargeId: charge.chargeId,
        reverse: { kind: 'reverse', source: charge.source, reason: `moved to inpatient account ${inpatientAccountId}: within the 3-day payment window of its admission` },
        post: { kind: 'post', line },
      });
    }
  }
  return moves;
}
