/**
 * A well-formed 835 (005010X221A1) for tests, counts and control numbers computed: the payer
 * (1000A N1*PR with its identifier), the payee, and the given claim payments (CLP loops, with any
 * CAS, MIA/MOA, SVC or LQ the test adds), each in its own LX, then any PLB.
 */
export function build835(options: { control: number; trace: string; payerId: string; bpr: string; claims: string[]; plb?: string[]; date?: string }): string {
  const date = options.date ?? '20250320';
  const icn = String(options.control).padStart(9, '0');
  const body = [
    'ST*835*0001',
    options.bpr,
    `TRN*1*${options.trace}*1999999999`,
    `DTM*405*${date}`,
    `N1*PR*PAYER*XV*${options.payerId}`,
    'N3*1 PAYER WAY',
    'N4*BALTIMORE*MD*21244',
    'PER*BL*PROVIDER SERVICES*TE*8005550100',
    'N1*PE*GENERAL HOSPITAL*XX*1234567893',
    ...options.claims.flatMap((clp, i) => [`LX*${i + 1}`, ...withPatient(clp.split('~').filter((s) => s.length > 0))]),
    ...(options.plb ?? []),
  ];
  body.push(`SE*${body.length + 1}*0001`);
  const isa = `ISA*00*          *00*          *ZZ*PAYER          *ZZ*GENHOSP        *${date.slice(2)}*1200*^*00501*${icn}*0*P*:`;
  const gs = `GS*HP*PAYER*GENHOSP*${date}*1200*${options.control}*X*005010X221A1`;
  return [isa, gs, ...body, `GE*1*${options.control}`, `IEA*1*${icn}`].map((s) => `${s}~`).join('');
}

/** 2100 requires the patient (NM1*QC) after the claim-level CAS: added when the test gives none. */
function withPatient(claim: string[]): string[] {
  if (claim.some((s) => s.startsWith('NM1*QC'))) return claim;
  const at = claim.findIndex((s, i) => i > 0 && !s.startsWith('CAS*'));
  const patient = 'NM1*QC*1*DOE*JANE****MI*1EG4TE5MK73';
  return at < 0 ? [...claim, patient] : [...claim.slice(0, at), patient, ...claim.slice(at)];
}
