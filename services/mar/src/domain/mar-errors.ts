import { DomainError } from '@ehr/platform';

/**
 * Why the eMAR refuses a step at the bedside. Each code is distinct so the screen can show its
 * own colour and sound (a match and a mismatch must never beep alike).
 */
export type MarRefusalCode =
  // right patient
  | 'WRONG_PATIENT'
  | 'NOT_A_WRISTBAND'
  | 'UNKNOWN_WRISTBAND'
  | 'TWO_IDENTIFIERS_REQUIRED'
  | 'WRISTBAND_NOT_VERIFIED'
  | 'SCANNED_BY_ANOTHER_USER'
  | 'SCAN_EXPIRED'
  // right drug
  | 'UNREADABLE_BARCODE'
  | 'TYPED_NOT_SCANNED'
  | 'UNKNOWN_PRODUCT'
  | 'AMBIGUOUS_NDC'
  | 'PRODUCT_EXPIRED'
  | 'NOT_ORDERED'
  | 'PRODUCT_NOT_VERIFIED'
  // the order behind the dose
  | 'ORDER_NOT_VERIFIED'
  | 'ORDER_DISCONTINUED'
  | 'ORDER_ON_HOLD'
  | 'ORDER_EXPIRED'
  | 'ORDER_COMPLETED'
  | 'ORDER_REJECTED'
  | 'ORDER_NOT_STARTED'
  | 'ORDER_MISMATCH'
  | 'ORDER_NOT_ON_MAR'
  | 'NOT_A_PRN_ORDER'
  // the encounter behind the dose, and whether the eMAR's copies are current
  | 'PATIENT_DISCHARGED'
  | 'ADMISSION_CANCELLED'
  | 'STATE_UNCONFIRMED'
  // right dose, route, time
  | 'WRONG_DOSE'
  | 'INVALID_AMOUNT'
  | 'STRENGTH_MISMATCH'
  | 'VERIFICATION_OVERRIDE_REQUIRED'
  | 'INVALID_PACKAGE_COUNT'
  | 'MORE_PACKAGES_NEEDED'
  | 'PARTIAL_DOSE_REASON_REQUIRED'
  | 'NOT_A_PARTIAL_DOSE'
  | 'WRONG_ROUTE'
  | 'TOO_EARLY'
  | 'TOO_LATE'
  | 'PRN_TOO_SOON'
  | 'PRN_MAXIMUM_EXCEEDED'
  | 'PRN_MAXIMUM_UNCHECKABLE'
  | 'INDICATION_REQUIRED'
  // independent checks
  | 'SECOND_NURSE_REQUIRED'
  | 'SECOND_NURSE_NOT_INDEPENDENT'
  | 'WASTE_MISMATCH'
  | 'WITNESS_NOT_INDEPENDENT'
  | 'WITNESS_REQUIRED'
  // the dose's own state
  | 'DOSE_NOT_FOUND'
  | 'DOSE_ALREADY_SCHEDULED'
  | 'DOSE_CANCELLED'
  | 'ALREADY_GIVEN'
  | 'ALREADY_DOCUMENTED'
  | 'NOT_A_SCHEDULED_DOSE'
  | 'NOT_A_PRN_DOSE'
  | 'SAME_DUE_TIME'
  | 'ENTRY_NOT_FOUND'
  | 'ENTRY_NOT_CURRENT'
  | 'NOT_A_GIVEN_ENTRY'
  | 'NOTHING_TO_AMEND'
  | 'GIVEN_AT_IN_FUTURE'
  | 'GIVEN_AT_BEFORE_ORDER'
  | 'ALREADY_REASSESSED'
  | 'REASON_REQUIRED';

export class MarRefusedError extends DomainError {
  constructor(
    override readonly code: MarRefusalCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
