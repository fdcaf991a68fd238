import { DomainError } from '@ehr/platform';

// Refusals a biller or a coder reads on screen: say what is wrong and what to do about it.

export type AccountStateCode =
  | 'ACCOUNT_NOT_FOUND'
  | 'ACCOUNT_ALREADY_OPEN'
  | 'ALREADY_INPATIENT'
  | 'NOT_DISCHARGED'
  | 'ALREADY_DISCHARGED'
  | 'CHARGE_NOT_FOUND'
  | 'CHARGE_ALREADY_REVERSED'
  | 'NO_COVERAGE'
  | 'NOTHING_TO_BILL'
  | 'NO_CLAIM_TO_VOID'
  | 'CLAIM_NOT_ADJUDICATED'
  | 'HOLD_NOT_PLACED'
  | 'REMITTANCE_FOR_ANOTHER_ACCOUNT'
  | 'CLAIM_ALREADY_SENT'
  | 'NO_CLAIM_TO_REPLACE'
  | 'ADMISSION_CANCELLED'
  | 'HELD_CHARGE_NOT_FOUND'
  | 'REASON_REQUIRED'
  | 'HELD_CHARGE_NEEDS_BILLER'
  | 'NOT_INPATIENT'
  | 'INTERIM_NOT_DUE';

export class AccountStateError extends DomainError {
  constructor(code: AccountStateCode, accountId: string, sentence: string) {
    super(code, sentence, { accountId });
  }
}

/** The account may not bill yet: the holds say why (DNFB). */
export class BillHeldError extends DomainError {
  constructor(accountId: string, readonly reasons: string[]) {
    super('BILL_HELD', `Account ${accountId} is on hold (${reasons.join(', ')}); no claim is created until the holds are cleared.`, { accountId, reasons });
  }
}

/** Bad coding input, naming the field. */
export class InvalidCodingError extends DomainError {
  constructor(readonly field: string, problem: string) {
    super('INVALID_CODING', `${field}: ${problem}.`, { field });
  }
}

/** No chargemaster row answers the charge code on the service date. */
export class ChargeCodeNotFoundError extends DomainError {
  constructor(chargeCode: string, serviceDate: string) {
    super('CHARGE_CODE_NOT_FOUND', `Charge code ${chargeCode} is not in the chargemaster on ${serviceDate}; ask the CDM team to add or extend it, then post the charge again.`, {
      chargeCode,
      serviceDate,
    });
  }
}

/** A dose measured in a unit the drug's HCPCS descriptor is not (mL against "per 10 mg"): no units can be counted. */
export class DoseUnitMismatchError extends DomainError {
  constructor(doseUnit: string, hcpcsUnit: string) {
    super('DOSE_UNIT_MISMATCH', `A dose in ${doseUnit} cannot be counted in HCPCS units of ${hcpcsUnit}; the pharmacy billing set-up must say how the drug bills.`, { doseUnit, hcpcsUnit });
  }
}

/** An 835 that does not add up is not posted: a biller must look at it. */
export class RemittanceOutOfBalanceError extends DomainError {
  constructor(problem: string) {
    super('REMITTANCE_OUT_OF_BALANCE', `The 835 does not balance: ${problem}. Nothing was posted; send it to the payer team for review.`);
  }
}

export type RemittanceRefusalCode = 'REMITTANCE_EMPTY' | 'REMITTANCE_NOT_X12' | 'REMITTANCE_WRONG_TRANSACTION_SET' | 'REMITTANCE_TRUNCATED' | 'REMITTANCE_MALFORMED';

/** An 835 refused before anything is posted: the code says which check it failed, the message where. */
export class RemittanceRefusedError extends DomainError {
  constructor(code: RemittanceRefusalCode, problem: string) {
    super(code, `The 835 was refused: ${problem}. Nothing was posted.`);
  }
}

/** A coverage (or guarantor) a claim or a statement could not name its people by: the field says which. */
export class InvalidCoverageError extends DomainError {
  constructor(readonly field: string, problem: string) {
    super('INVALID_COVERAGE', `${field}: ${problem}.`, { field });
  }
}
