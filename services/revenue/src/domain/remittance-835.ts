import type { AdjustmentGroup } from '@ehr/contracts';
import { RemittanceOutOfBalanceError } from './revenue-errors.js';

/** One CLP of an 835, with its claim- and line-level CAS summed by group and CARC. */
export interface ClaimPayment {
  patientControlNumber: string;
  status: string;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents: number;
  payerClaimNumber: string;
  adjustments: { group: AdjustmentGroup; carc: string; amountCents: number }[];
  remarkCodes: string[];
}

export interface ProviderAdjustment {
  reason: string;
  reference: string | null;
  amountCents: number;
}

export interface Remittance {
  totalPaidCents: number;
  /** BPR16: the date the payer paid (YYYY-MM-DD), the remit date denials age from. */
  paymentDate: string | null;
  payments: ClaimPayment[];
  providerAdjustments: ProviderAdjustment[];
}

const toCents = (amount: string | undefined): number => Math.round(Number(amount ?? '0') * 100);
const groups: readonly string[] = ['CO', 'PR', 'OA', 'PI'];

/**
 * Reads the posting facts of an 835 (X221A1): BPR, CLP, CAS, LQ, PLB. The separators come
 * from the ISA, so any delimiters a payer picks are read correctly.
 */
export function read835(text: string): Remittance {
  const element = text.charAt(3);
  const terminator = text.charAt(105);
  const segments = text.split(terminator).map((s) => s.replace(/^\s+/, '')).filter((s) => s.length > 0).map((s) => s.split(element));
  const component = segments[0]?.[16] ?? ':';
  const remittance: Remittance = { totalPaidCents: 0, paymentDate: null, payments: [], providerAdjustments: [] };
  let current: ClaimPayment | null = null;
  for (const [tag, ...e] of segments) {
    if (tag === 'BPR') {
      remittance.totalPaidCents = toCents(e[1]);
      const paid = e[15];
      remittance.paymentDate = paid && /^\d{8}$/.test(paid) ? `${paid.slice(0, 4)}-${paid.slice(4, 6)}-${paid.slice(6, 8)}` : null;
    }
    if (tag === 'CLP') {
      current = { patientControlNumber: e[0] ?? '', status: e[1] ?? '', chargeCents: toCents(e[2]), paidCents: toCents(e[3]), patientResponsibilityCents: toCents(e[4]), payerClaimNumber: e[6] ?? '', adjustments: [], remarkCodes: [] };
      remittance.payments.push(current);
    }
    if (tag === 'CAS' && current) {
      const group = e[0] ?? '';
      if (!groups.includes(group)) throw new RemittanceOutOfBalanceError(`adjustment group ${group} is not CO, PR, OA or PI`);
      for (let i = 1; i < e.length; i += 3) {
        const carc = e[i];
        if (!carc) continue;
        const existing = current.adjustments.find((a) => a.group === group && a.carc === carc);
        if (existing) existing.amountCents += toCents(e[i + 1]);
        else current.adjustments.push({ group: group as AdjustmentGroup, carc, amountCents: toCents(e[i + 1]) });
      }
    }
    if (tag === 'LQ' && current && e[1]) current.remarkCodes.push(e[1]);
    if (tag === 'PLB') {
      for (let i = 2; i < e.length; i += 2) {
        const [reason = '', reference = null] = (e[i] ?? '').split(component);
        if (reason) remittance.providerAdjustments.push({ reason, reference, amountCents: toCents(e[i + 1]) });
      }
    }
  }
  return remittance;
}

/** File balance: Σ CLP04 − Σ PLB = BPR02 (a negative PLB, such as interest, adds to the payment). */
export function checkFileBalance(remittance: Remittance): void {
  const claims = remittance.payments.reduce((sum, p) => sum + p.paidCents, 0);
  const plb = remittance.providerAdjustments.reduce((sum, a) => sum + a.amountCents, 0);
  if (claims - plb !== remittance.totalPaidCents) {
    throw new RemittanceOutOfBalanceError(`claim payments ${claims} less provider adjustments ${plb} is not the check amount ${remittance.totalPaidCents} (cents)`);
  }
}
