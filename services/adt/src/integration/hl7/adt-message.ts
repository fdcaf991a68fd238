import type { DischargeDisposition, EncounterClass } from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import type { EncounterEvent } from '../../domain/encounter.decider.js';
import type { PatientEvent, RecordedDemographics } from '../../domain/patient.decider.js';
import { type Hl7Field, hl7Date, hl7DateTime, message, mshSegment, segment } from './hl7-writer.js';

export interface Hl7Facility {
  /** Sending facility (MSH-4) and the assigning authority of MRNs. */
  id: string;
  zone: string;
  sendingApplication: string;
  receivingApplication: string;
  receivingFacility: string;
}

export interface BedDescription {
  unitId: string;
  roomId: string;
  label: string;
}

/** What the message needs beyond the event: the patient and the encounter as they stood. */
export interface Hl7Context {
  facility: Hl7Facility;
  controlId: string;
  recordedAt: string;
  operatorId: string;
  /** The patient the message is about: after a merge, always the survivor, never the retired record. */
  patient: { mrn: string; demographics: RecordedDemographics };
  encounter: Hl7Encounter | null;
  /** For a bed swap (A17): the other patient and their encounter, who took this one's bed. */
  swapPartner?: { patient: Hl7Context['patient']; encounter: Hl7Encounter };
  describeBed(bedId: string): BedDescription;
}

export interface Hl7Encounter {
  encounterId: string;
  class: EncounterClass;
  admittedAt: string | null;
  bedId: string | null;
}

type Source = EncounterEvent | PatientEvent;

/** PV1-2. HL7 has no observation class: observation is sent as outpatient (O), deliberately. */
const patientClass: Record<EncounterClass, string> = { inpatient: 'I', observation: 'O', emergency: 'E' };
const sexCode = { female: 'F', male: 'M', other: 'O', unknown: 'U' } as const;

/** The trigger event and message structure for an ADT event; null when nothing is sent. */
export function triggerFor(event: Source): { trigger: string; structure: string } | null {
  switch (event.type) {
    case 'adt.encounter.preadmitted':
      return { trigger: 'A05', structure: 'ADT_A05' };
    case 'adt.encounter.preadmit-cancelled':
      return { trigger: 'A38', structure: 'ADT_A38' };
    case 'adt.encounter.admitted':
      return event.data.class === 'emergency' ? { trigger: 'A04', structure: 'ADT_A01' } : { trigger: 'A01', structure: 'ADT_A01' };
    case 'adt.encounter.admit-cancelled':
      return { trigger: 'A11', structure: 'ADT_A09' };
    case 'adt.encounter.transferred':
      // Two patients exchanging beds is one A17 with both, not two A02s each briefly sharing a bed.
      return event.data.swappedWith ? { trigger: 'A17', structure: 'ADT_A17' } : { trigger: 'A02', structure: 'ADT_A02' };
    case 'adt.encounter.transfer-cancelled':
      return { trigger: 'A12', structure: 'ADT_A12' };
    case 'adt.encounter.leave-started':
      return { trigger: 'A21', structure: 'ADT_A21' };
    case 'adt.encounter.leave-ended':
      return { trigger: 'A22', structure: 'ADT_A21' };
    case 'adt.encounter.discharged':
      return { trigger: 'A03', structure: 'ADT_A03' };
    case 'adt.encounter.discharge-cancelled':
      return { trigger: 'A13', structure: 'ADT_A01' };
    case 'adt.encounter.class-changed':
      // Outpatient (observation, emergency) to inpatient is A06; the reverse A07.
      return event.data.to === 'inpatient' ? { trigger: 'A06', structure: 'ADT_A06' } : { trigger: 'A07', structure: 'ADT_A06' };
    case 'adt.patient.demographics-updated':
    case 'adt.patient.identified':
      return { trigger: 'A08', structure: 'ADT_A01' };
    case 'adt.patient.merged-into':
      return { trigger: 'A40', structure: 'ADT_A39' };
    case 'adt.patient.registered':
    case 'adt.patient.registered-unidentified':
    case 'adt.patient.absorbed-duplicate':
    case 'adt.patient.wristband-printed':
      return null;
    default:
      return exhaustive(event);
  }
}

/**
 * The person-level message a master patient index takes, where one is configured: A28 when a
 * person is added, A31 when their demographics change. Sent beside the visit-level feed.
 */
export function personTriggerFor(event: Source): { trigger: 'A28' | 'A31'; structure: 'ADT_A05' } | null {
  switch (event.type) {
    case 'adt.patient.registered':
    case 'adt.patient.registered-unidentified':
      return { trigger: 'A28', structure: 'ADT_A05' };
    case 'adt.patient.demographics-updated':
    case 'adt.patient.identified':
      return { trigger: 'A31', structure: 'ADT_A05' };
    default:
      return null;
  }
}

/** The instant the event took effect at the bedside (EVN-6), when it carries one. */
function effectiveTime(event: Source): string | null {
  return 'at' in event.data ? event.data.at : null;
}

/**
 * Builds the HL7 v2.5.1 message for one ADT event, or null when the event is not sent.
 * PV1-3 is the location after the event; PV1-6 the prior one where the trigger defines it
 * (A02 transfer, A12 cancel transfer, A13 cancel discharge).
 */
export function adtMessage(event: Source, context: Hl7Context): string | null {
  const trigger = triggerFor(event);
  if (!trigger) return null;
  const { msh, evn, pid, pv1, dt } = writers(event, context, trigger);
  const mrnField = (value: string): Hl7Field => [value, null, null, context.facility.id, 'MR'];

  if (event.type === 'adt.patient.merged-into') {
    // A40: PID carries the survivor (the context's patient), MRG the retired identifier that is never used again.
    return message([msh, evn, pid(context.patient), segment('MRG', [mrnField(event.data.mrn)])]);
  }

  const encounter = context.encounter;
  let current: string | null = encounter?.bedId ?? null;
  let prior: string | null = null;
  let disposition: DischargeDisposition | null = null;
  let dischargedAt: string | null = null;
  let cls: EncounterClass | null = encounter?.class ?? null;
  let admittedAt = encounter?.admittedAt ?? null;
  switch (event.type) {
    case 'adt.encounter.preadmitted':
      current = event.data.bed?.bedId ?? null;
      cls = event.data.class;
      break;
    case 'adt.encounter.admitted':
      current = event.data.bedId;
      cls = event.data.class;
      admittedAt = event.data.at;
      break;
    case 'adt.encounter.transferred':
      current = event.data.to.bedId;
      prior = event.data.from.bedId;
      break;
    case 'adt.encounter.transfer-cancelled':
      current = event.data.backTo.bedId;
      prior = event.data.from.bedId;
      break;
    case 'adt.encounter.discharged':
      current = event.data.bedId;
      disposition = event.data.disposition;
      dischargedAt = event.data.at;
      break;
    case 'adt.encounter.discharge-cancelled':
      current = event.data.bedId;
      prior = event.data.previousBed.bedId;
      break;
    case 'adt.encounter.admit-cancelled':
      current = event.data.bedId;
      break;
    case 'adt.encounter.class-changed':
      cls = event.data.to;
      break;
    default:
      break;
  }
  const visitNumber = 'encounterId' in event.data ? event.data.encounterId : encounter?.encounterId ?? null;
  const visitClass = event.type === 'adt.encounter.preadmitted' ? 'P' : cls ? patientClass[cls] : 'U';
  const segments = [msh, evn, pid(context.patient), pv1({ visitClass, current, prior, visitNumber, disposition, admittedAt, dischargedAt })];
  if (event.type === 'adt.encounter.transferred' && context.swapPartner) {
    // A17: the second patient and visit, now in the bed the first one left.
    const other = context.swapPartner;
    segments.push(pid(other.patient), pv1({ visitClass: patientClass[other.encounter.class], current: prior, prior: current, visitNumber: other.encounter.encounterId, disposition: null, admittedAt: other.encounter.admittedAt, dischargedAt: null }));
  }
  if (event.type === 'adt.encounter.preadmitted') {
    // PV2-8: the expected admission date and time.
    const pv2 = new Array<Hl7Field>(8).fill(null);
    pv2[7] = dt(event.data.expectedAt);
    segments.push(segment('PV2', pv2));
  }
  if (event.type === 'adt.encounter.leave-started' && event.data.expectedReturnAt) {
    // PV2-47 carries the expected return from the leave of absence.
    const pv2 = new Array<Hl7Field>(47).fill(null);
    pv2[46] = dt(event.data.expectedReturnAt);
    segments.push(segment('PV2', pv2));
  }
  return message(segments);
}

/**
 * A28 (add person) or A31 (update person) for a master patient index: the person's PID, and
 * the PV1 ADT_A05 requires, marked not applicable (N): no visit is reported.
 */
export function personMessage(event: Source, context: Hl7Context): string | null {
  const trigger = personTriggerFor(event);
  if (!trigger) return null;
  const { msh, evn, pid, pv1 } = writers(event, context, trigger);
  return message([msh, evn, pid(context.patient), pv1({ visitClass: 'N', current: null, prior: null, visitNumber: null, disposition: null, admittedAt: null, dischargedAt: null })]);
}

interface Pv1Fields {
  visitClass: string;
  current: string | null;
  prior: string | null;
  visitNumber: string | null;
  disposition: DischargeDisposition | null;
  admittedAt: string | null;
  dischargedAt: string | null;
}

/** The segments every message is made of, in the facility's zone and character set. */
function writers(event: Source, context: Hl7Context, trigger: { trigger: string; structure: string }) {
  const { facility } = context;
  const dt = (iso: string | null | undefined) => (iso ? hl7DateTime(iso, facility.zone) : null);
  const location = (bedId: string | null | undefined): Hl7Field => {
    if (!bedId) return null;
    const bed = context.describeBed(bedId);
    return [bed.unitId, bed.roomId, bed.label, facility.id];
  };
  const msh = mshSegment([
    facility.sendingApplication,
    facility.id,
    facility.receivingApplication,
    facility.receivingFacility,
    dt(context.recordedAt),
    null,
    ['ADT', trigger.trigger, trigger.structure],
    context.controlId,
    'P',
    '2.5.1',
    null,
    null,
    null,
    null,
    null,
    // MSH-18: names and addresses are sent as UTF-8, and said so.
    'UNICODE UTF-8',
  ]);
  const evn = segment('EVN', [trigger.trigger, dt(context.recordedAt), null, null, context.operatorId, dt(effectiveTime(event) ?? context.recordedAt)]);
  const pid = (patient: Hl7Context['patient']) => {
    const d = patient.demographics;
    return segment('PID', [
      '1',
      null,
      [patient.mrn, null, null, facility.id, 'MR'],
      null,
      [d.familyName, d.givenNames[0], d.givenNames.slice(1).join(' ') || null],
      null,
      d.birthDate ? hl7Date(d.birthDate) : null,
      sexCode[d.sex],
      null,
      null,
      d.address ? [d.address.line.join(', '), null, d.address.city, d.address.state, d.address.postalCode] : null,
      null,
      d.phone,
    ]);
  };
  const pv1 = (f: Pv1Fields) => {
    const fields: Hl7Field[] = new Array<Hl7Field>(45).fill(null);
    fields[0] = '1';
    fields[1] = f.visitClass;
    fields[2] = location(f.current);
    fields[5] = location(f.prior);
    fields[18] = f.visitNumber;
    fields[35] = f.disposition;
    fields[43] = dt(f.admittedAt);
    fields[44] = dt(f.dischargedAt);
    return segment('PV1', fields);
  };
  return { msh, evn, pid, pv1, dt };
}
