import { exhaustive } from '@ehr/platform';
import type { AccountEvent } from '../domain/account.decider.js';

/** The X12 individual relationship codes, as the patient stands to the person named. */
const relationshipWords = { '18': 'self', '01': 'spouse', '19': 'child', G8: 'other' } as const;
const money = (cents: number): string => `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;

/** One line of the account's history, as a biller reads it on the claim screen. */
export function historyLine(event: AccountEvent): string {
  switch (event.type) {
    case 'revenue.account.opened':
      return `Account opened (${event.data.accountClass}) for encounter ${event.data.encounterId}`;
    case 'revenue.account.admitted':
      return `Admitted as an inpatient from ${event.data.from} (priority ${event.data.admission.priority}, point of origin ${event.data.admission.pointOfOrigin})`;
    case 'revenue.account.changed-to-outpatient':
      return 'Changed from inpatient to outpatient observation before discharge (condition code 44)';
    case 'revenue.account.coverage-recorded':
      return `Coverage ${event.data.rank}: ${event.data.payerName} (${event.data.payerId}), member ${event.data.memberId}${event.data.subscriber ? `, subscriber ${event.data.subscriber.givenName} ${event.data.subscriber.familyName} (${relationshipWords[event.data.relationship]})` : ''}${event.data.effectiveFrom ? `, effective ${event.data.effectiveFrom}${event.data.effectiveThrough ? ` to ${event.data.effectiveThrough}` : ''}` : ''}`;
    case 'revenue.account.guarantor-recorded':
      return `Guarantor: ${event.data.guarantor ? `${event.data.guarantor.givenName} ${event.data.guarantor.familyName} (${relationshipWords[event.data.relationship]})` : 'the patient'}`;
    case 'revenue.account.discharged':
      return `Discharged with status ${event.data.dischargeStatus}`;
    case 'revenue.account.discharge-cancelled':
      return `Discharge cancelled (${event.data.reason}): the patient is in house again`;
    case 'revenue.charge.posted':
      return `${event.data.late ? 'Late charge' : 'Charge'} ${event.data.revenueCode} ${event.data.description} ×${event.data.quantity} ${money(event.data.amountCents)} on ${event.data.serviceDate}`;
    case 'revenue.charge.reversed':
      return `Reversal of ${event.data.reversesChargeId}: ${event.data.revenueCode} ${event.data.quantity} ${money(event.data.amountCents)} (${event.data.reason})`;
    case 'revenue.account.coded':
      return `Coded: principal ${event.data.principalDiagnosis.code}${event.data.drg ? `, MS-DRG ${event.data.drg.msDrg}` : ''}`;
    case 'revenue.account.bill-hold-placed':
      return `Bill hold placed: ${event.data.reason} (${event.data.note})`;
    case 'revenue.account.bill-hold-released':
      return `Bill hold released: ${event.data.reason}`;
    case 'revenue.claim.edits-failed':
      return `Claim stopped by the scrubber: ${event.data.edits.map((e) => e.code).join(', ')}`;
    case 'revenue.claim.created':
      return `Claim ${event.data.claimId} sent: type of bill ${event.data.typeOfBill}, ${money(event.data.totalCents)}${event.data.originalPayerClaimNumber ? `, replaces ${event.data.originalPayerClaimNumber}` : ''}`;
    case 'revenue.claim.rejected':
      return `Claim ${event.data.claimId} rejected (${event.data.category} ${event.data.statusCode})`;
    case 'revenue.remittance.posted':
      return `835 posted: status ${event.data.claimStatus}, paid ${money(event.data.paidCents)}, payer claim ${event.data.payerClaimNumber}`;
    case 'revenue.account.balance-transferred':
      return `${money(event.data.amountCents)} patient responsibility moved to ${event.data.to}`;
    case 'revenue.denial.recorded':
      return `Denial CARC ${event.data.carc}${event.data.rarcs.length > 0 ? ` (${event.data.rarcs.join(', ')})` : ''}: ${event.data.category}`;
    case 'revenue.account.assigned':
      return `Assigned to ${event.data.owner} by ${event.data.by}`;
    case 'revenue.account.attending-recorded':
      return `Attending physician: ${event.data.attending.givenName} ${event.data.attending.familyName} (NPI ${event.data.attending.npi})`;
    case 'revenue.account.admission-cancelled':
      return `Admission of encounter ${event.data.encounterId} cancelled (${event.data.reason}): its charges reversed`;
    case 'revenue.charge.held':
      return `Charge ${event.data.chargeCode} ×${event.data.quantity} on ${event.data.serviceDate} held for review (${event.data.problem}): ${event.data.reason}`;
    case 'revenue.charge.hold-released':
      return `Held charge ${event.data.holdId} ${event.data.outcome}: ${event.data.note}`;
    default:
      return exhaustive(event);
  }
}
