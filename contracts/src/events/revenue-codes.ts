import { z } from 'zod';

/** Money is kept in whole cents so that sums balance exactly; X12 and the UB-04 show dollars. */
export const cents = z.int();
export type Cents = z.infer<typeof cents>;

/** UB-04 revenue code (FL42): four digits, first digit 0–3. */
export const revenueCode = z.string().regex(/^[0-3]\d{3}$/, 'must be a four-digit revenue code such as 0121');
/** HCPCS Level I (CPT, five digits) or Level II (letter and four digits). */
export const hcpcsCode = z.string().regex(/^([0-9]{4}[0-9A-Z]|[A-V][0-9]{4})$/, 'must be a HCPCS/CPT code such as 99285 or J1100');

/** How the hospital bills the stay: inpatient on 011x, everything else on 013x. */
export const accountClass = z.enum(['emergency', 'observation', 'outpatient', 'inpatient']);
export type AccountClass = z.infer<typeof accountClass>;

/** UB-04 FL14 priority (type) of admission. */
export const admissionPriority = z.enum(['1', '2', '3', '4', '5', '9']);
/** UB-04 FL15 point of origin; "7 = ED" is retired, so an ED patient keeps where they came from. */
export const pointOfOrigin = z.enum(['1', '2', '4', '5', '6', '8', '9', 'D', 'E', 'F']);

/** Claim filing indicator (SBR09). */
export const claimFilingIndicator = z.enum(['MA', 'MB', 'MC', 'CI', 'BL', 'HM', '16']);
export type ClaimFilingIndicator = z.infer<typeof claimFilingIndicator>;
export const coverageRank = z.enum(['primary', 'secondary', 'tertiary']);
export type CoverageRank = z.infer<typeof coverageRank>;
/**
 * The X12 individual relationship code of the insured (or guarantor) to the patient: 18 self
 * (SBR02), otherwise PAT01 of loop 2000C: 01 spouse, 19 child, G8 other relationship.
 */
export const individualRelationship = z.enum(['18', '01', '19', 'G8']);
export type IndividualRelationship = z.infer<typeof individualRelationship>;

/** ICD-10 present-on-admission indicator; null for POA-exempt codes (5010 leaves it blank). */
export const poaIndicator = z.enum(['Y', 'N', 'U', 'W']);
export type PoaIndicator = z.infer<typeof poaIndicator>;
/** ICD-10-CM without the dot, as the claim carries it. */
export const icd10cm = z.string().regex(/^[A-Z]\d[0-9A-Z]{1,5}$/, 'must be an ICD-10-CM code without the dot, such as E1122');
export const icd10pcs = z.string().regex(/^[0-9A-HJ-NP-Z]{7}$/, 'must be a seven-character ICD-10-PCS code');

/**
 * Claim frequency (the last digit of the type of bill): 1 admission through discharge; 2, 3, 4
 * the first, a continuing and the last interim bill of a long stay; 7 replacement, 8 void.
 */
export const claimFrequency = z.enum(['1', '2', '3', '4', '7', '8']);
export type ClaimFrequency = z.infer<typeof claimFrequency>;

/** Why an account may not be billed yet. */
export const billHoldReason = z.enum(['suspense', 'coding-incomplete', 'late-charges', 'claim-edits', 'manual']);
export type BillHoldReason = z.infer<typeof billHoldReason>;

/** 835 CAS claim adjustment group (CR is gone in 5010). */
export const adjustmentGroup = z.enum(['CO', 'PR', 'OA', 'PI']);
export type AdjustmentGroup = z.infer<typeof adjustmentGroup>;

/** What a charge was captured from, so a correction of the source finds the charge to reverse. */
export const chargeSource = z.object({
  kind: z.enum(['census-day', 'observation', 'dose', 'order', 'ed-visit', 'manual']),
  id: z.string(),
});
export type ChargeSource = z.infer<typeof chargeSource>;
