import type { OrderAlert } from '@ehr/contracts';
import { DomainError } from '@ehr/platform';

// Refusals a prescriber, a pharmacist or a nurse reads on screen: say what is wrong and what to do.

/** Bad order input, naming the field ("dose", "frequency.times", "details.study"). */
export class InvalidOrderError extends DomainError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super('INVALID_ORDER', `${field}: ${problem}.`, { field });
  }
}

export class EncounterNotOpenError extends DomainError {
  constructor(encounterId: string, why: string) {
    super('ENCOUNTER_NOT_OPEN', `Encounter ${encounterId} ${why}.`, { encounterId });
  }
}

export class AlertsNeedOverrideError extends DomainError {
  constructor(readonly alerts: OrderAlert[]) {
    super(
      'ALERTS_NEED_OVERRIDE',
      `${alerts.length === 1 ? 'A safety alert needs' : `${alerts.length} safety alerts need`} a coded override reason before this order can be signed: ${alerts.map((a) => a.message).join(' ')}`,
      { alerts },
    );
  }
}

/** Stable codes for refusals that come from the order's state. */
export type OrderStateCode =
  | 'ORDER_NOT_FOUND'
  | 'ORDER_ALREADY_PLACED'
  | 'ORDER_ENDED'
  | 'ORDER_ON_HOLD'
  | 'ORDER_NOT_ON_HOLD'
  | 'ORDER_TIME'
  | 'REASON_REQUIRED'
  | 'VERIFICATION_NOT_APPLICABLE'
  | 'ORDER_ALREADY_VERIFIED'
  | 'SELF_VERIFICATION'
  | 'NOT_COMPLETABLE'
  | 'NO_STOP_TIME'
  | 'NOT_YET_AT_STOP'
  | 'NO_REVIEW_PENDING'
  | 'ENCOUNTER_MISMATCH';

export class OrderStateError extends DomainError {
  constructor(code: OrderStateCode, orderId: string, problem: string) {
    super(code, `Order ${orderId} ${problem}.`, { orderId });
  }
}

/** Why a dose may not be given now; the eMAR shows the sentence at the bedside. */
export type AdministrationRefusalCode =
  | 'NOT_A_MEDICATION_ORDER'
  | 'ORDER_NOT_FOUND'
  | 'ORDER_REJECTED'
  | 'ORDER_DISCONTINUED'
  | 'ORDER_COMPLETED'
  | 'ORDER_EXPIRED'
  | 'ORDER_ON_HOLD'
  | 'AWAITING_VERIFICATION';

export class AdministrationRefusedError extends DomainError {
  constructor(code: AdministrationRefusalCode, message: string, orderId: string) {
    super(code, message, { orderId });
  }
}

export type AllergyStateCode = 'INVALID_ALLERGY' | 'ALLERGY_ALREADY_RECORDED' | 'ALLERGY_NOT_FOUND' | 'ALLERGY_ID_TAKEN' | 'PATIENT_MISMATCH';

export class AllergyStateError extends DomainError {
  constructor(code: AllergyStateCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
