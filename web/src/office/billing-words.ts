/**
 * The billing office's codes in words. Edit codes are the scrubber's; CARC and RARC texts are
 * shortened from the X12 Claim Adjustment Reason Code list and the CMS Remittance Advice Remark
 * Code list (the codes these screens meet most; any other code is shown with where to look it up).
 */

/** What a scrubber edit means, who fixes it and where. */
export const editFixes: Record<string, { what: string; fix: string }> = {
  PRINCIPAL_DX_REQUIRED: { what: 'No principal diagnosis', fix: 'The coder codes the stay on the Coding screen.' },
  ADMITTING_DX_REQUIRED: { what: 'No admitting diagnosis', fix: 'The coder adds the admitting diagnosis on the Coding screen.' },
  POA_REQUIRED: { what: 'A diagnosis has no present-on-admission indicator', fix: 'The coder sets POA (Y, N, U or W) on the Coding screen.' },
  ADMISSION_REQUIRED: { what: 'No admission date and hour', fix: 'Registration records the admission.' },
  DRG_REQUIRED: { what: 'The payer wants the MS-DRG on the claim', fix: 'The coder enters the grouper’s MS-DRG on the Coding screen.' },
  ACCOMMODATION_DAYS: { what: 'Room days do not match the stay', fix: 'Review the room and board charges against admission and discharge.' },
  TOO_MANY_DX: { what: 'More than 25 diagnoses', fix: 'The coder keeps the 25 that matter for payment.' },
  TOO_MANY_PCS: { what: 'More than 25 procedures', fix: 'The coder keeps the 25 that matter for payment.' },
  STATUS_30_ON_FINAL: { what: 'Patient status 30 (still a patient) on a final bill', fix: 'Record the discharge and its status.' },
  LINE_OUTSIDE_STATEMENT_PERIOD: { what: 'A charge falls outside the stay', fix: 'Review or reverse the charge.' },
  HCPCS_REQUIRED: { what: 'A drug line has no HCPCS code', fix: 'Pharmacy or charge capture adds the HCPCS to the drug line.' },
  JCODE_UNITS: { what: 'A drug line has no units', fix: 'Correct the units on the drug charge.' },
  NEGATIVE_LINE: { what: 'A revenue code nets to a credit', fix: 'Review the reversals on that revenue code.' },
  ORIGINAL_CLAIM_NUMBER_REQUIRED: { what: 'A replacement or void lacks the payer’s claim number', fix: 'Wait for the payer’s claim number from the 835, then replace or void.' },
  CHANGE_REASON_REQUIRED: { what: 'A Medicare replacement needs a claim change reason', fix: 'Add the condition code (D0–D9, E0) for the change.' },
};

/** A work-queue reason (an edit code, a hold, a denial category) in words. */
export const reasonInWords = (reason: string) => {
  const words = editFixes[reason]?.what ?? (/^[A-Z_]+$/.test(reason) ? reason.replaceAll('_', ' ').toLowerCase() : reason);
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export const queueNames: Record<string, string> = {
  coding: 'Coding',
  prebill: 'Ready to bill',
  'claim-edit': 'Claim edits',
  rejection: 'Rejected',
  'follow-up': 'Follow-up',
  denial: 'Denials',
  'self-pay': 'Self-pay',
};

/** Claim adjustment reason codes (CARC, CAS03), shortened. */
const carcs: Record<string, string> = {
  '1': 'Deductible amount',
  '2': 'Coinsurance amount',
  '3': 'Co-payment amount',
  '4': 'The procedure code is inconsistent with the modifier used',
  '11': 'The diagnosis is inconsistent with the procedure',
  '16': 'Claim/service lacks information or has submission/billing error(s)',
  '18': 'Exact duplicate claim/service',
  '22': 'This care may be covered by another payer per coordination of benefits',
  '23': 'The impact of prior payer(s) adjudication including payments and/or adjustments',
  '27': 'Expenses incurred after coverage terminated',
  '29': 'The time limit for filing has expired',
  '31': 'Patient cannot be identified as our insured',
  '45': 'Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement',
  '50': 'These are non-covered services because this is not deemed a medical necessity by the payer',
  '96': 'Non-covered charge(s)',
  '97': 'The benefit for this service is included in the payment/allowance for another service already adjudicated',
  '109': 'Claim/service not covered by this payer/contractor; send to the correct payer',
  '197': 'Precertification/authorization/notification/pre-treatment absent',
};

/** Remittance advice remark codes (RARC, MIA/MOA/LQ), shortened. */
const rarcs: Record<string, string> = {
  MA04: 'Secondary payment cannot be considered without the identity of or payment information from the primary payer',
  MA07: 'The claim information has also been forwarded to Medicaid for review',
  MA18: 'The claim information is also being forwarded to the patient’s supplemental insurer',
  MA130: 'The claim contains incomplete and/or invalid information, and no appeal rights are afforded because the claim is unprocessable; submit a new claim with the complete/correct information',
  M15: 'Separately billed services/tests have been bundled as they are considered components of the same procedure',
  M127: 'Missing patient medical record for this service',
  N30: 'Patient ineligible for this service',
  N54: 'Claim information is inconsistent with pre-certified/authorized services',
  N290: 'Missing/incomplete/invalid rendering provider primary identifier',
  N382: 'Missing/incomplete/invalid patient identifier',
};

export const carcInWords = (code: string) => carcs[code] ?? `reason code ${code} (see the X12 CARC list)`;
export const rarcInWords = (code: string) => rarcs[code] ?? `remark code ${code} (see the CMS RARC list)`;

/** What the biller does with a denial of each category. */
export const denialNextStep: Record<string, string> = {
  'Missing/invalid info': 'Correct the claim (coding, coverage or registration) and send a replacement claim.',
  Authorization: 'Obtain or attach the authorization, then appeal or send a replacement claim.',
  'Medical necessity': 'Review the documentation with the physician advisor and appeal.',
  Duplicate: 'Check the claims sent; void the duplicate if one went twice.',
  'Timely filing': 'Find proof of timely filing and appeal, or adjust off.',
  'Coordination of benefits': 'Confirm the primary payer with the patient and bill it first.',
};

/** CLP02, the claim status an 835 gives. */
export const claimStatusInWords: Record<string, string> = {
  '1': 'processed as primary',
  '2': 'processed as secondary',
  '3': 'processed as tertiary',
  '4': 'denied',
  '19': 'processed as primary, forwarded',
  '22': 'reversal of a previous payment',
};

/** Claim frequency (CLM05-3). */
export const frequencyInWords: Record<string, string> = { '1': 'original', '7': 'replacement', '8': 'void' };

/** Claim filing indicators (SBR09) the revenue service accepts. */
export const filingIndicators = [
  { value: 'MA', label: 'MA: Medicare Part A' },
  { value: 'MB', label: 'MB: Medicare Part B' },
  { value: 'MC', label: 'MC: Medicaid' },
  { value: 'CI', label: 'CI: Commercial insurance' },
  { value: 'BL', label: 'BL: Blue Cross/Blue Shield' },
  { value: 'HM', label: 'HM: HMO' },
  { value: '16', label: '16: HMO Medicare risk' },
];

/** Present-on-admission indicators; blank for a code exempt from POA reporting. */
export const poaOptions = [
  { value: 'Y', label: 'Y: present at admission' },
  { value: 'N', label: 'N: not present at admission' },
  { value: 'U', label: 'U: documentation insufficient' },
  { value: 'W', label: 'W: clinically undetermined' },
  { value: '', label: 'Exempt (blank)' },
];

/** UB-04 patient status (FL17), the common ones. */
export const dispositionInWords: Record<string, string> = {
  '01': 'home or self care',
  '02': 'to a short-term hospital',
  '03': 'to a skilled nursing facility',
  '06': 'home under home health care',
  '07': 'left against medical advice',
  '20': 'expired',
  '30': 'still a patient',
  '62': 'to an inpatient rehabilitation facility',
};
