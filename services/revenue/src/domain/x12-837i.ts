import type { Coverage } from './account-state.js';
import type { ClaimData } from './claim.js';

/** Who sends, who receives, and whom the payer pays: facility configuration. */
export interface Envelope {
  senderId: string;
  receiverId: string;
  interchangeControlNumber: number;
  groupControlNumber: number;
  /** When the file was built, YYYYMMDDHHmm in the facility's zone. */
  createdAt: string;
  usage: 'P' | 'T';
  submitter: { name: string; id: string; contactName: string; phone: string };
  receiver: { name: string; id: string };
  billingProvider: { name: string; npi: string; taxId: string; street: string; city: string; state: string; zip9: string };
}

/** A postal address as registration captured it (2010BA N3/N4). */
export interface PostalAddress {
  line: string[];
  city: string;
  state: string;
  postalCode: string;
}

/** The patient as registration knows them. */
export interface ClaimPatient {
  /** The medical record number: REF*EA (UB-04 FL3b). */
  mrn: string;
  /** Null when registration took no address: N3/N4 are then left out, never invented. */
  address: PostalAddress | null;
  lastName: string;
  firstName: string;
  birthDate: string;
  sex: 'F' | 'M' | 'U';
}

/** The NPI check digit: Luhn over the prefix 80840 and the first nine digits. */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`.split('').map(Number).reverse();
  const sum = digits.reduce((acc, d, i) => acc + (i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
  return sum % 10 === 0;
}

const dollars = (cents: number): string => {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100);
  const rest = abs % 100;
  return `${sign}${whole}${rest === 0 ? '' : `.${String(rest).padStart(2, '0').replace(/0$/, '')}`}`;
};
const d8 = (date: string): string => date.replaceAll('-', '');
const pad = (value: string, length: number): string => value.padEnd(length, ' ').slice(0, length);

/**
 * One 837I (005010X223A2) interchange for one claim to the coverage's payer. Counts in SE, GE
 * and IEA, and the control numbers that must match, are computed, never typed in.
 */
export function render837I(claim: ClaimData, patient: ClaimPatient, coverage: Coverage, envelope: Envelope): string {
  if (!isValidNpi(envelope.billingProvider.npi)) throw new Error(`billing provider NPI ${envelope.billingProvider.npi} fails the check digit`);
  const st = '0001';
  const body: string[][] = [
    ['ST', '837', st, '005010X223A2'],
    ['BHT', '0019', '00', claim.claimId, envelope.createdAt.slice(0, 8), envelope.createdAt.slice(8, 12), 'CH'],
    ['NM1', '41', '2', envelope.submitter.name, '', '', '', '', '46', envelope.submitter.id],
    ['PER', 'IC', envelope.submitter.contactName, 'TE', envelope.submitter.phone],
    ['NM1', '40', '2', envelope.receiver.name, '', '', '', '', '46', envelope.receiver.id],
    ['HL', '1', '', '20', '1'],
    ['NM1', '85', '2', envelope.billingProvider.name, '', '', '', '', 'XX', envelope.billingProvider.npi],
    ['N3', envelope.billingProvider.street],
    ['N4', envelope.billingProvider.city, envelope.billingProvider.state, envelope.billingProvider.zip9],
    ['REF', 'EI', envelope.billingProvider.taxId],
    ...insuredLoops(patient, coverage),
    ...claimLoop(claim, patient.mrn),
  ];
  body.push(['SE', String(body.length + 1), st]);
  const icn = String(envelope.interchangeControlNumber).padStart(9, '0');
  const isa = [
    'ISA', '00', pad('', 10), '00', pad('', 10), 'ZZ', pad(envelope.senderId, 15), 'ZZ', pad(envelope.receiverId, 15),
    envelope.createdAt.slice(2, 8), envelope.createdAt.slice(8, 12), '^', '00501', icn, '0', envelope.usage, ':',
  ];
  const gs = ['GS', 'HC', envelope.senderId, envelope.receiverId, envelope.createdAt.slice(0, 8), envelope.createdAt.slice(8, 12), String(envelope.groupControlNumber), 'X', '005010X223A2'];
  const all = [isa, gs, ...body, ['GE', '1', String(envelope.groupControlNumber)], ['IEA', '1', icn]];
  return all.map((s) => `${s.join('*').replace(/\*+$/, '')}~`).join('');
}

/**
 * 2000B/2010BA the subscriber and 2010BB the payer; when the patient is not the subscriber,
 * 2000C/2010CA the patient. The TR3 sends the subscriber's address and demographics only when
 * the subscriber is the patient; otherwise the patient's go in 2010CA, with PAT01 saying how the
 * patient stands to the subscriber.
 */
function insuredLoops(patient: ClaimPatient, coverage: Coverage): string[][] {
  const insured = coverage.relationship === '18' ? null : coverage.subscriber;
  const self = insured === null;
  const demographics = (person: { birthDate: string; sex: string }) => ['DMG', 'D8', d8(person.birthDate), person.sex];
  const subscriberName = insured ? [insured.familyName.toUpperCase(), insured.givenName.toUpperCase()] : [patient.lastName, patient.firstName];
  // SBR03 the group number; SBR04 the plan's name only when the card shows no group number.
  const subscriber: string[][] = [
    ['HL', '2', '1', '22', self ? '0' : '1'],
    ['SBR', 'P', self ? '18' : '', coverage.groupNumber ?? '', coverage.groupNumber ? '' : (coverage.planName?.toUpperCase() ?? ''), '', '', '', '', coverage.filingIndicator],
    ['NM1', 'IL', '1', ...subscriberName, '', '', '', 'MI', coverage.memberId],
    ...(self ? [...addressSegments(patient.address), demographics(patient)] : []),
    ['NM1', 'PR', '2', coverage.payerName, '', '', '', '', 'PI', coverage.payerId],
  ];
  if (self) return subscriber;
  return [
    ...subscriber,
    ['HL', '3', '2', '23', '0'],
    ['PAT', coverage.relationship],
    ['NM1', 'QC', '1', patient.lastName, patient.firstName],
    ...addressSegments(patient.address),
    demographics(patient),
  ];
}

/** N3 (one or two street lines) and N4 (city, state, ZIP without punctuation). */
function addressSegments(address: PostalAddress | null): string[][] {
  const street = (address?.line ?? []).map((l) => l.trim().toUpperCase()).filter((l) => l.length > 0).slice(0, 2);
  if (!address || street.length === 0) return [];
  return [
    ['N3', ...street],
    ['N4', address.city.toUpperCase(), address.state.toUpperCase(), address.postalCode.replace(/\D/g, '')],
  ];
}

function claimLoop(claim: ClaimData, mrn: string): string[][] {
  const facility = claim.typeOfBill.slice(1, 3);
  const segments: string[][] = [['CLM', claim.patientControlNumber, dollars(claim.totalCents), '', '', `${facility}:A:${claim.frequency}`, '', 'A', 'Y', 'Y']];
  const inpatient = claim.typeOfBill.startsWith('011');
  if (inpatient && claim.dischargeTime) segments.push(['DTP', '096', 'TM', claim.dischargeTime]);
  segments.push(['DTP', '434', 'RD8', `${d8(claim.statementFrom)}-${d8(claim.statementThrough)}`]);
  if (inpatient && claim.admissionHour) segments.push(['DTP', '435', 'DT', claim.admissionHour]);
  segments.push(['CL1', claim.admission?.priority ?? '9', claim.admission?.pointOfOrigin ?? '9', claim.dischargeStatus]);
  if (claim.originalPayerClaimNumber) segments.push(['REF', 'F8', claim.originalPayerClaimNumber]);
  segments.push(['REF', 'EA', mrn]);
  const coding = claim.coding;
  if (coding) {
    segments.push(['HI', `ABK:${coding.principalDiagnosis.code}${coding.principalDiagnosis.poa ? `:::::::${coding.principalDiagnosis.poa}` : ''}`]);
    if (coding.admittingDiagnosis) segments.push(['HI', `ABJ:${coding.admittingDiagnosis}`]);
    if (claim.drgOnClaim && coding.drg) segments.push(['HI', `DR:${coding.drg.msDrg}`]);
    for (const chunk of chunks(coding.otherDiagnoses.map((d) => `ABF:${d.code}${d.poa ? `:::::::${d.poa}` : ''}`), 12)) segments.push(['HI', ...chunk]);
    const [principal, ...others] = coding.procedures;
    if (principal) segments.push(['HI', `BBR:${principal.code}:D8:${d8(principal.date)}`]);
    for (const chunk of chunks(others.map((p) => `BBQ:${p.code}:D8:${d8(p.date)}`), 12)) segments.push(['HI', ...chunk]);
  }
  if (inpatient && claim.coveredDays > 0) segments.push(['HI', `BE:80:::${claim.coveredDays}`]);
  if (claim.conditionCodes.length > 0) segments.push(['HI', ...claim.conditionCodes.map((c) => `BG:${c}`)]);
  // 2310A attending: only the physician ADT named for the stay, never the hospital's own NPI in
  // its place; an inpatient claim without one is stopped by the scrubber before it gets here.
  if (claim.attending) {
    const a = claim.attending;
    segments.push(['NM1', '71', '1', a.familyName.toUpperCase(), a.givenName.toUpperCase(), '', '', '', 'XX', a.npi]);
    segments.push(['PRV', 'AT', 'PXC', a.taxonomy]);
  }
  claim.lines.forEach((line, i) => {
    const procedure = line.hcpcs ? [`HC:${line.hcpcs}${line.modifiers.map((m) => `:${m}`).join('')}`] : [''];
    segments.push(['LX', String(i + 1)]);
    // SV206 (unit rate) is not used in 005010X223A2: the daily rate stays on the UB-04 (FL44), off the 837I.
    segments.push(['SV2', line.revenueCode, ...procedure, dollars(line.amountCents), line.unit, String(line.quantity)]);
    if (line.serviceDate) segments.push(['DTP', '472', 'D8', d8(line.serviceDate)]);
  });
  return segments;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
