import type { AdjustmentGroup } from '@ehr/contracts';
import { RemittanceOutOfBalanceError, RemittanceRefusedError } from './revenue-errors.js';

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
    // Claim-level remarks: MIA05 and MIA20–23 (inpatient), MOA03–07 (outpatient).
    if (tag === 'MIA' && current) current.remarkCodes.push(...[e[4], e[19], e[20], e[21], e[22]].filter((c): c is string => !!c));
    if (tag === 'MOA' && current) current.remarkCodes.push(...e.slice(2, 7).filter((c) => c.length > 0));
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

/** A whole 835 file, checked: its envelope, its counts, each claim's balance and the file's. */
export interface CheckedRemittance extends Remittance {
  /** TRN02: the check or EFT trace number the payer paid under. */
  traceNumber: string;
  /** The payer: N1*PR N104 (the identifier the 837I names it by) or, without it, TRN03 (1 + TIN). */
  payerId: string;
}

/**
 * Reads an 835 (005010X221A1) and refuses it whole unless it is one: ISA of 106 characters,
 * GS*HP and ST*835 with their trailers (SE01 = the segments ST..SE, GE/IEA counts and control
 * numbers matching), a TRN trace number, at least one CLP, every claim balanced
 * (CLP03 − Σ CAS = CLP04) and the file balanced (Σ CLP04 − Σ PLB = BPR02). Nothing is posted
 * from a file that fails any of these.
 */
export function parse835(text: string): CheckedRemittance {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new RemittanceRefusedError('REMITTANCE_EMPTY', 'the file is empty');
  if (!trimmed.startsWith('ISA') || trimmed.length < 106) throw new RemittanceRefusedError('REMITTANCE_NOT_X12', 'the file does not start with an X12 interchange header (ISA)');
  const element = trimmed.charAt(3);
  const terminator = trimmed.charAt(105);
  const segments = trimmed.split(terminator).map((s) => s.trim()).filter((s) => s.length > 0).map((s) => s.split(element));
  if (segments[0]!.length !== 17) throw new RemittanceRefusedError('REMITTANCE_NOT_X12', `the ISA has ${segments[0]!.length - 1} elements, not 16`);
  const tags = segments.map((s) => s[0]);
  const gs = segments.find((s) => s[0] === 'GS');
  const st = segments.find((s) => s[0] === 'ST');
  if (!gs || !st) throw new RemittanceRefusedError('REMITTANCE_TRUNCATED', 'the interchange has no functional group or transaction set (GS/ST)');
  if (gs[1] !== 'HP' || st[1] !== '835') {
    throw new RemittanceRefusedError('REMITTANCE_WRONG_TRANSACTION_SET', `this is a ${st[1] ?? '?'} transaction set (GS01 ${gs[1] ?? '?'}), not an 835 remittance (GS01 HP)`);
  }
  for (const trailer of ['SE', 'GE', 'IEA']) {
    if (!tags.includes(trailer)) throw new RemittanceRefusedError('REMITTANCE_TRUNCATED', `the file ends without its ${trailer} trailer`);
  }
  const isa13 = segments[0]![13];
  const iea = segments.find((s) => s[0] === 'IEA')!;
  const ge = segments.find((s) => s[0] === 'GE')!;
  if (iea[2] !== isa13) throw new RemittanceRefusedError('REMITTANCE_MALFORMED', `IEA02 ${iea[2]} is not the interchange control number ${isa13}`);
  if (ge[2] !== gs[6]) throw new RemittanceRefusedError('REMITTANCE_MALFORMED', `GE02 ${ge[2]} is not the group control number ${gs[6]}`);
  const sets = tags.filter((t) => t === 'ST').length;
  if (Number(ge[1]) !== sets) throw new RemittanceRefusedError('REMITTANCE_MALFORMED', `GE01 says ${ge[1]} transaction sets, the group has ${sets}`);
  if (Number(iea[1]) !== tags.filter((t) => t === 'GS').length) throw new RemittanceRefusedError('REMITTANCE_MALFORMED', `IEA01 says ${iea[1]} groups`);
  let open: { control: string; from: number } | null = null;
  segments.forEach((s, i) => {
    if (s[0] === 'ST') open = { control: s[2] ?? '', from: i };
    if (s[0] === 'SE') {
      if (!open) throw new RemittanceRefusedError('REMITTANCE_MALFORMED', 'an SE trailer has no ST');
      const count = i - open.from + 1;
      if (Number(s[1]) !== count) throw new RemittanceRefusedError('REMITTANCE_MALFORMED', `SE01 says ${s[1]} segments, transaction set ${open.control} has ${count}`);
      if (s[2] !== open.control) throw new RemittanceRefusedError('REMITTANCE_MALFORMED', `SE02 ${s[2]} is not the ST02 ${open.control}`);
      open = null;
    }
  });
  if (open) throw new RemittanceRefusedError('REMITTANCE_TRUNCATED', 'a transaction set ends without its SE trailer');
  const trn = segments.find((s) => s[0] === 'TRN');
  if (!trn?.[2]) throw new RemittanceRefusedError('REMITTANCE_MALFORMED', 'TRN02 (the check or EFT trace number) is missing');
  const payerId = segments.find((s) => s[0] === 'N1' && s[1] === 'PR')?.[4] || trn[3] || '';
  if (!payerId) throw new RemittanceRefusedError('REMITTANCE_MALFORMED', 'the payer is not identified (TRN03 or N1*PR N104)');
  const remittance = read835(trimmed);
  if (remittance.payments.length === 0) throw new RemittanceRefusedError('REMITTANCE_EMPTY', 'the 835 carries no claim payment (CLP)');
  for (const payment of remittance.payments) checkClaimBalance(payment);
  checkFileBalance(remittance);
  return { ...remittance, traceNumber: trn[2], payerId };
}

/** Claim balance: CLP03 − Σ CAS (claim and lines) = CLP04. */
export function checkClaimBalance(payment: ClaimPayment): void {
  const adjusted = payment.adjustments.reduce((sum, a) => sum + a.amountCents, 0);
  if (payment.chargeCents - adjusted !== payment.paidCents) {
    throw new RemittanceOutOfBalanceError(`claim ${payment.patientControlNumber} (${payment.payerClaimNumber}): charge ${payment.chargeCents} less adjustments ${adjusted} is not the payment ${payment.paidCents} (cents)`);
  }
}
