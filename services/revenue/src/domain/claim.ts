import { DateTime } from 'luxon';
import type { AccountState, ClaimRecord } from './account.decider.js';

export interface Coding {
  principalDiagnosis: { code: string; poa: 'Y' | 'N' | 'U' | 'W' | null };
  admittingDiagnosis: string | null;
  otherDiagnoses: { code: string; poa: 'Y' | 'N' | 'U' | 'W' | null }[];
  procedures: { code: string; date: string }[];
  drg: { msDrg: string; grouperVersion: string } | null;
}

/** One UB-04 service line (FL42–47): accommodation lines carry days and the daily rate. */
export interface ClaimLine {
  revenueCode: string;
  description: string;
  hcpcs: string | null;
  modifiers: string[];
  serviceDate: string | null;
  unit: 'DA' | 'UN';
  quantity: number;
  rateCents: number | null;
  amountCents: number;
}

/** The UB-04 data of one claim version: what the 837I and the paper form both print. */
export interface ClaimData {
  claimId: string;
  patientControlNumber: string;
  patientId: string;
  frequency: ClaimRecord['frequency'];
  typeOfBill: string;
  statementFrom: string;
  statementThrough: string;
  admission: AccountState['admission'];
  /** The admission date on the facility's calendar (YYYY-MM-DD). */
  admissionDate: string | null;
  /** DTP*435: admission date and hour, facility time (CCYYMMDDHHMM). */
  admissionHour: string | null;
  /** DTP*096: discharge hour, facility time (HHMM). */
  dischargeTime: string | null;
  dischargeStatus: string;
  coding: Coding | null;
  drgOnClaim: boolean;
  conditionCodes: string[];
  originalPayerClaimNumber: string | null;
  coveredDays: number;
  /** Nights away on leave of absence (018x): part of the stay, not covered days. */
  leaveDays: number;
  /** The attending physician (2310A, FL76); null when ADT named none. */
  attending: AccountState['attending'];
  lines: ClaimLine[];
  totalCents: number;
}

/** Frequencies 2 and 3: an interim bill of a stay that goes on (the last interim is 4). */
export const isInterimInHouse = (frequency: ClaimRecord['frequency']): boolean => frequency === '2' || frequency === '3';

/** Accommodation revenue codes (010x–021x) bill in days with a daily rate. */
export const isAccommodation = (revenueCode: string): boolean => Number(revenueCode) >= 100 && Number(revenueCode) <= 219;
/** Leave of absence (018x): a night the bed was held and the patient away. */
export const isLeaveOfAbsence = (revenueCode: string): boolean => revenueCode.startsWith('018');

/**
 * The claim as a frozen snapshot of the account: charges and their reversals net by line,
 * lines that net to zero drop off, and an inpatient stay bills on 011x even for the ED part.
 */
export function buildClaim(
  state: AccountState,
  claim: Pick<ClaimRecord, 'claimId' | 'frequency' | 'chargeIds' | 'originalPayerClaimNumber' | 'conditionCodes' | 'statementPeriod'>,
  timeZone: string,
): ClaimData {
  // Statement dates, the admission hour and the discharge hour are the facility's wall clock.
  const local = (instant: string) => DateTime.fromISO(instant, { zone: timeZone });
  const included = state.lines.filter((l) => claim.chargeIds.includes(l.chargeId));
  const byKey = new Map<string, ClaimLine>();
  for (const l of included) {
    const accommodation = isAccommodation(l.revenueCode);
    const key = accommodation ? `${l.revenueCode}|${l.unitPriceCents}` : `${l.revenueCode}|${l.hcpcs}|${l.modifiers.join(':')}|${l.serviceDate}|${l.unitPriceCents}`;
    const line = byKey.get(key) ?? {
      revenueCode: l.revenueCode,
      description: l.description,
      hcpcs: l.hcpcs,
      modifiers: l.modifiers,
      serviceDate: accommodation ? null : l.serviceDate,
      unit: accommodation ? 'DA' : 'UN',
      quantity: 0,
      rateCents: accommodation ? l.unitPriceCents : null,
      amountCents: 0,
    };
    byKey.set(key, { ...line, quantity: line.quantity + l.quantity, amountCents: line.amountCents + l.amountCents });
  }
  const lines = [...byKey.values()].filter((l) => l.quantity !== 0 || l.amountCents !== 0).sort((a, b) => a.revenueCode.localeCompare(b.revenueCode) || (a.serviceDate ?? '').localeCompare(b.serviceDate ?? ''));
  // The statement period spans the lines that reach the payer: a charge and its reversal that net away do not stretch it.
  const dates = lines.filter((l) => l.serviceDate !== null).map((l) => l.serviceDate!).sort();
  const inpatient = state.accountClass === 'inpatient';
  const admitDate = state.admission ? local(state.admission.at).toISODate()! : undefined;
  const through = claim.statementPeriod?.through ?? (state.discharge ? local(state.discharge.at).toISODate()! : (dates.at(-1) ?? ''));
  const from = claim.statementPeriod?.from ?? [admitDate, dates[0]].filter((d): d is string => d !== undefined).sort()[0] ?? through;
  // An interim bill before the last (0112, 0113) is of a patient still in house: status 30, no discharge hour.
  const stillInHouse = isInterimInHouse(claim.frequency);
  return {
    claimId: claim.claimId,
    patientControlNumber: state.accountId,
    patientId: state.patientId,
    frequency: claim.frequency,
    typeOfBill: `0${inpatient ? '11' : '13'}${claim.frequency}`,
    statementFrom: from,
    statementThrough: through,
    admission: state.admission,
    admissionDate: admitDate ?? null,
    admissionHour: state.admission ? local(state.admission.at).toFormat('yyyyMMddHHmm') : null,
    dischargeTime: state.discharge && !stillInHouse ? local(state.discharge.at).toFormat('HHmm') : null,
    dischargeStatus: stillInHouse ? '30' : (state.discharge?.status ?? '30'),
    coding: state.coding,
    drgOnClaim: (state.coverages.primary?.wantsDrg ?? false) && state.coding?.drg !== null,
    conditionCodes: claim.conditionCodes,
    originalPayerClaimNumber: claim.originalPayerClaimNumber,
    coveredDays: lines.filter((l) => l.unit === 'DA' && !isLeaveOfAbsence(l.revenueCode)).reduce((sum, l) => sum + l.quantity, 0),
    leaveDays: lines.filter((l) => isLeaveOfAbsence(l.revenueCode)).reduce((sum, l) => sum + l.quantity, 0),
    attending: state.attending,
    lines,
    totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0),
  };
}
