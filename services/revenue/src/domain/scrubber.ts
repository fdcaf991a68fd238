import type { Coverage } from './account.decider.js';
import { coverageGap } from './coverage.js';
import { type ClaimData, isInterimInHouse } from './claim.js';
import { isValidNpi } from './x12-837i.js';

export interface ClaimEdit {
  code: string;
  message: string;
}

/**
 * Categories exempt from POA reporting, a subset of the CMS exempt list (births, history,
 * status codes); the CMS list is published each fiscal year and extends this one.
 */
const poaExemptPrefixes = ['Z37', 'Z38', 'Z3A', 'Z68', 'Z79', 'Z80', 'Z81', 'Z82', 'Z83', 'Z84', 'Z85', 'Z86', 'Z87', 'Z88', 'Z91', 'Z92', 'Z99'];
export const isPoaExempt = (code: string): boolean => poaExemptPrefixes.some((p) => code.startsWith(p));

const medicare = (payer: Coverage): boolean => payer.filingIndicator === 'MA' || payer.filingIndicator === 'MB';

/** Prebilling edits: each names the problem and the fix, and any one stops the claim. */
export function scrub(claim: ClaimData, payer: Coverage): ClaimEdit[] {
  const edits: ClaimEdit[] = [];
  const inpatient = claim.typeOfBill.startsWith('011');
  const coding = claim.coding;
  if (inpatient) {
    if (!coding) edits.push({ code: 'PRINCIPAL_DX_REQUIRED', message: 'Inpatient claim has no principal diagnosis; complete coding.' });
    if (coding && !coding.admittingDiagnosis) edits.push({ code: 'ADMITTING_DX_REQUIRED', message: 'Inpatient claim has no admitting diagnosis (FL69); add it in coding.' });
    const dx = coding ? [coding.principalDiagnosis, ...coding.otherDiagnoses] : [];
    for (const d of dx) {
      if (d.poa === null && !isPoaExempt(d.code)) edits.push({ code: 'POA_REQUIRED', message: `POA required: diagnosis ${d.code} has no present-on-admission indicator; enter Y, N, U or W.` });
    }
    if (!claim.admission) edits.push({ code: 'ADMISSION_REQUIRED', message: 'Inpatient claim has no admission date and hour; record the admission.' });
    if (payer.wantsDrg && !claim.drgOnClaim) edits.push({ code: 'DRG_REQUIRED', message: `${payer.payerName} requires the MS-DRG on the claim; run the grouper.` });
    // An interim bill counts its own days: through its last night while the patient stays (0112,
    // 0113); the last interim (0114) and the whole-stay bill stop before the discharge day.
    const interim = claim.frequency === '2' || claim.frequency === '3' || claim.frequency === '4';
    const start = interim ? claim.statementFrom : (claim.admissionDate ?? claim.statementFrom);
    const span = Math.round((Date.parse(claim.statementThrough) - Date.parse(start)) / 86_400_000);
    const stayDays = isInterimInHouse(claim.frequency) ? span + 1 : Math.max(claim.frequency === '4' ? 0 : 1, span);
    if (claim.coveredDays + claim.leaveDays !== stayDays) {
      const leave = claim.leaveDays > 0 ? ` and ${claim.leaveDays} leave-of-absence days` : '';
      edits.push({ code: 'ACCOMMODATION_DAYS', message: `Accommodation days (${claim.coveredDays}${leave}) do not match the ${stayDays} days the claim bills (${start} to ${claim.statementThrough}); check the room charges.` });
    }
    if (!claim.attending) {
      edits.push({ code: 'ATTENDING_REQUIRED', message: 'Inpatient claim names no attending physician (loop 2310A, UB-04 FL76); have ADT record the attending for the stay, and the claim is checked again when it arrives.' });
    }
  }
  if (coding && 1 + coding.otherDiagnoses.length > 25) edits.push({ code: 'TOO_MANY_DX', message: 'The 837I carries at most 25 diagnoses; keep the 25 that matter for payment.' });
  if (coding && coding.procedures.length > 25) edits.push({ code: 'TOO_MANY_PCS', message: 'The 837I carries at most 25 procedures.' });
  if (claim.attending && !isValidNpi(claim.attending.npi)) {
    edits.push({ code: 'ATTENDING_NPI_INVALID', message: `The attending's NPI ${claim.attending.npi} fails its check digit; correct the provider registry entry.` });
  }
  const gap = coverageGap(payer, claim.statementFrom, claim.statementThrough);
  if (gap) edits.push({ code: 'COVERAGE_NOT_EFFECTIVE', message: gap });
  if (claim.dischargeStatus === '30' && !isInterimInHouse(claim.frequency)) edits.push({ code: 'STATUS_30_ON_FINAL', message: 'Patient status 30 (still a patient) is only for interim bills; record the discharge status.' });
  for (const line of claim.lines) {
    // A charge dated after the discharge (a discharge entered late, after the census or a dose went on) never reaches the payer.
    if (line.serviceDate && (line.serviceDate > claim.statementThrough || line.serviceDate < claim.statementFrom)) {
      edits.push({ code: 'LINE_OUTSIDE_STATEMENT_PERIOD', message: `Revenue code ${line.revenueCode} on ${line.serviceDate} is outside the statement period ${claim.statementFrom} to ${claim.statementThrough}; review or reverse the charge.` });
    }
    if (line.revenueCode === '0636' && !line.hcpcs) edits.push({ code: 'HCPCS_REQUIRED', message: `Revenue code 0636 line on ${line.serviceDate} needs its HCPCS drug code.` });
    if (line.hcpcs?.startsWith('J') && line.quantity < 1) edits.push({ code: 'JCODE_UNITS', message: `${line.hcpcs} on ${line.serviceDate} has ${line.quantity} units; a drug line needs at least 1.` });
    if (line.amountCents < 0) edits.push({ code: 'NEGATIVE_LINE', message: `Revenue code ${line.revenueCode} nets to a credit; review the reversals.` });
  }
  if ((claim.frequency === '7' || claim.frequency === '8') && !claim.originalPayerClaimNumber) {
    edits.push({ code: 'ORIGINAL_CLAIM_NUMBER_REQUIRED', message: 'A replacement or void must carry the payer claim number of the original (REF*F8).' });
  }
  if (claim.frequency === '7' && medicare(payer) && !claim.conditionCodes.some((c) => /^(D[0-9]|E0)$/.test(c))) {
    edits.push({ code: 'CHANGE_REASON_REQUIRED', message: 'A Medicare replacement claim needs a claim change reason condition code (D0–D9, E0).' });
  }
  return edits;
}
