/** The segments of an 837I a biller reads, named; the rest are shown as they are. */
const segmentNames: Record<string, string> = {
  ISA: 'Interchange header',
  GS: 'Functional group header',
  ST: 'Transaction set header',
  BHT: 'Beginning of the transaction',
  NM1: 'Name',
  N3: 'Address',
  N4: 'City, state, ZIP',
  REF: 'Reference number',
  HL: 'Hierarchy level',
  SBR: 'Subscriber: payer responsibility and filing indicator',
  DMG: 'Birth date and sex',
  CLM: 'Claim: patient control number, total, facility and frequency',
  DTP: 'Date or period',
  CL1: 'Admission type, source and patient status',
  HI: 'Diagnoses, POA, procedures, DRG or codes',
  LX: 'Service line number',
  SV2: 'Service line: revenue code, HCPCS, amount, units',
  SE: 'Transaction set trailer',
  GE: 'Functional group trailer',
  IEA: 'Interchange trailer',
};

export interface Segment {
  id: string;
  text: string;
  name: string;
}

export const segmentsOf = (x12: string): Segment[] =>
  x12
    .split('~')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((text) => {
      const id = text.split('*')[0]!;
      return { id, text, name: segmentNames[id] ?? '' };
    });

export interface ClaimLine {
  line: number;
  revenueCode: string;
  hcpcs: string | null;
  amount: string;
  units: string;
  date: string | null;
}

/** The claim's service lines as sent: each LX with its SV2 and its service date. */
export function linesOf(x12: string): ClaimLine[] {
  const lines: ClaimLine[] = [];
  for (const { id, text } of segmentsOf(x12)) {
    const e = text.split('*');
    if (id === 'LX') lines.push({ line: Number(e[1]), revenueCode: '', hcpcs: null, amount: '', units: '', date: null });
    const current = lines.at(-1);
    if (!current) continue;
    if (id === 'SV2') {
      current.revenueCode = e[1] ?? '';
      const procedure = e[2] ? e[2].split(':') : [];
      current.hcpcs = procedure[1] ?? null;
      current.amount = e[3] ?? '';
      current.units = e[5] ?? '';
    }
    if (id === 'DTP' && e[1] === '472') current.date = e[3] ?? null;
  }
  return lines;
}
