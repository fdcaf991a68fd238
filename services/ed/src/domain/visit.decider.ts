import {
  type AdmissionDecisionSource,
  type ArrivalMode,
  type DangerZoneFinding,
  type DischargeDisposition,
  type DomainEventOf,
  type EdDisposition,
  edDischargeHomeStatuses,
  type edEvents,
  edImpliedDischargeStatus,
  type EdStatus,
  edTransferStatuses,
  type EsiLevel,
  type TriageVitalSigns,
  triageVitalSigns,
} from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';
import { dangerZoneFindings } from './danger-zone.js';
import { DangerZonePromptError, InvalidVisitInputError, VisitStateError } from './ed-errors.js';

export type VisitEvent = DomainEventOf<(typeof edEvents)[number]>;

export interface AdmissionDecision {
  source: AdmissionDecisionSource;
  at: string;
}

/** The decision standing now; a later decision replaces an earlier one. */
export type VisitDecision =
  | {
      kind: 'admit';
      decisions: AdmissionDecision[];
      bed: { bedId: string; unitId: string; at: string } | null;
      /** Bed placement cancelled the request; a new decision to admit asks again. */
      requestCancelled: { reason: string; at: string } | null;
    }
  | { kind: 'discharge'; disposition: 'discharged' | 'transferred'; dischargeStatus: DischargeDisposition; diagnosisCode: string | null; at: string };

export interface VisitState {
  visitId: string;
  patientId: string;
  arrival: { mode: ArrivalMode; at: string } | null;
  triage: {
    esi: EsiLevel;
    chiefComplaint: string;
    vitals: TriageVitalSigns;
    dangerZone: { findings: DangerZoneFinding[]; answer: 'accepted' | 'declined' | null } | null;
    /** When the patient was first triaged; a re-triage changes the level, not this. */
    at: string;
  } | null;
  /** The last re-triage: the level it replaced, and why. */
  retriage: { previousEsi: EsiLevel; reason: string; at: string } | null;
  roomId: string | null;
  firstRoomedAt: string | null;
  providerId: string | null;
  /** The first provider's assignment: the door-to-provider endpoint. */
  providerSeenAt: string | null;
  nurseId: string | null;
  resultsAwaitedSince: string | null;
  decision: VisitDecision | null;
  departure: { disposition: EdDisposition; dischargeStatus: DischargeDisposition; at: string } | null;
}

export type VisitCommand =
  | { type: 'RegisterArrival'; visitId: string; patientId: string; mode: ArrivalMode; at: string }
  | {
      type: 'Triage';
      visitId: string;
      esi: EsiLevel;
      chiefComplaint: string;
      vitals: TriageVitalSigns;
      ageInMonths: number;
      /** The nurse's answer to the danger-zone prompt, once shown. */
      dangerZoneAnswer: 'accepted' | 'declined' | null;
      /** Triage again (the condition changed): why. Null for the first triage. */
      retriageReason: string | null;
      at: string;
    }
  | { type: 'AssignRoom'; visitId: string; roomId: string; at: string }
  | { type: 'ReleaseRoom'; visitId: string; at: string }
  | { type: 'AssignProvider'; visitId: string; providerId: string; at: string }
  | { type: 'AssignNurse'; visitId: string; nurseId: string; at: string }
  | { type: 'AwaitResults'; visitId: string; at: string }
  | { type: 'RecordResultsReturned'; visitId: string; at: string }
  | { type: 'DecideAdmission'; visitId: string; source: AdmissionDecisionSource; at: string }
  | { type: 'DecideDischarge'; visitId: string; disposition: 'discharged' | 'transferred'; dischargeStatus: DischargeDisposition; diagnosisCode: string | null; at: string }
  /** Bed placement (ADT) assigned a bed to the bed request raised for this visit. */
  | { type: 'RecordBedAssigned'; visitId: string; bedId: string; unitId: string; at: string }
  /** Bed placement (ADT) cancelled that bed request. */
  | { type: 'RecordBedRequestCancelled'; visitId: string; reason: string; at: string }
  | { type: 'RecordDeparture'; visitId: string; at: string }
  | { type: 'RecordLeftWithoutBeingSeen'; visitId: string; at: string }
  | { type: 'RecordLeftAgainstMedicalAdvice'; visitId: string; at: string }
  | { type: 'RecordDeath'; visitId: string; at: string }
  | { type: 'CancelDeparture'; visitId: string; reason: string; at: string };

export const initialVisitState: VisitState = {
  visitId: '',
  patientId: '',
  arrival: null,
  triage: null,
  retriage: null,
  roomId: null,
  firstRoomedAt: null,
  providerId: null,
  providerSeenAt: null,
  nurseId: null,
  resultsAwaitedSince: null,
  decision: null,
  departure: null,
};

/** Where the visit stands, from what has happened: the furthest step of care reached. */
export function statusOf(state: VisitState): EdStatus {
  if (state.departure) return 'departed';
  if (state.decision?.kind === 'admit') return 'boarding';
  if (state.decision) return 'disposition-decided';
  if (state.resultsAwaitedSince) return 'results-pending';
  if (state.providerSeenAt) return 'seen-by-provider';
  if (state.roomId) return 'roomed';
  if (state.triage) return 'triaged';
  return 'waiting';
}

const departureWords: Record<EdDisposition, string> = {
  admitted: 'went up to the inpatient unit',
  discharged: 'was discharged',
  transferred: 'was transferred out',
  lwbs: 'left without being seen',
  ama: 'left against medical advice',
  expired: 'died',
};

/** The visit as it must be for any step of care: arrived, not yet gone, and the time not before arrival. */
function requireOpen(state: VisitState, visitId: string, at: string): { mode: ArrivalMode; at: string } {
  if (!state.arrival) throw new VisitStateError('VISIT_NOT_FOUND', visitId, `No ED arrival is recorded for visit ${visitId}; register the arrival first.`);
  if (state.departure) {
    throw new VisitStateError(
      'VISIT_CLOSED',
      visitId,
      `The patient ${departureWords[state.departure.disposition]} at ${state.departure.at}, so the visit is closed; cancel the departure first if it was recorded in error.`,
    );
  }
  requireNotBeforeArrival(state.arrival.at, visitId, at);
  return state.arrival;
}

function requireNotBeforeArrival(arrivedAt: string, visitId: string, at: string): void {
  if (Date.parse(at) < Date.parse(arrivedAt)) {
    throw new VisitStateError('TIME_BEFORE_ARRIVAL', visitId, `The time ${at} is before the patient's arrival at ${arrivedAt}; check the time entered.`);
  }
}

function requireSeen(state: VisitState, visitId: string, action: string): void {
  if (!state.providerSeenAt) throw new VisitStateError('NOT_SEEN_BY_PROVIDER', visitId, `No provider has seen this patient yet, so ${action}; assign a provider first.`);
}

function validateTriage(command: Extract<VisitCommand, { type: 'Triage' }>): { chiefComplaint: string; vitals: TriageVitalSigns } {
  const chiefComplaint = command.chiefComplaint.trim();
  if (!chiefComplaint) throw new InvalidVisitInputError('chiefComplaint', 'is required at triage');
  if (!(command.ageInMonths >= 0)) throw new InvalidVisitInputError('ageInMonths', 'must be zero or more');
  const vitals = triageVitalSigns.safeParse(command.vitals);
  if (!vitals.success) {
    const issue = vitals.error.issues[0]!;
    throw new InvalidVisitInputError(['vitals', ...issue.path].join('.'), `${issue.message.toLowerCase()}; check for a typing error`);
  }
  return { chiefComplaint, vitals: vitals.data };
}

/**
 * ESI decision point D applies to a patient the nurse would put at level 3 (two or more
 * resources): danger-zone vitals prompt "consider ESI 2", and triage is refused until the nurse
 * answers. The level recorded is always the one the nurse chose.
 */
function dangerZoneOf(command: Extract<VisitCommand, { type: 'Triage' }>, vitals: TriageVitalSigns): NonNullable<VisitState['triage']>['dangerZone'] {
  const findings = dangerZoneFindings(vitals, command.ageInMonths);
  if (findings.length === 0) return null;
  if (command.esi === 3 && command.dangerZoneAnswer === null) throw new DangerZonePromptError(findings, command.esi);
  if (command.dangerZoneAnswer === 'accepted' && command.esi > 2) {
    throw new InvalidVisitInputError('esi', `accepting the danger-zone prompt means choosing ESI 2 (or 1), not ESI ${command.esi}; choose the level, or decline the prompt`);
  }
  return { findings, answer: command.dangerZoneAnswer };
}

function validateDischargeStatus(disposition: 'discharged' | 'transferred', status: DischargeDisposition): void {
  const allowed: readonly DischargeDisposition[] = disposition === 'discharged' ? edDischargeHomeStatuses : edTransferStatuses;
  if (!allowed.includes(status)) {
    throw new InvalidVisitInputError('dischargeStatus', `${status} does not describe a ${disposition === 'discharged' ? 'discharge home' : 'transfer to another facility'}; use one of ${allowed.join(', ')}`);
  }
}

export const visitDecider: Decider<VisitCommand, VisitEvent, VisitState> = {
  initialState: initialVisitState,

  decide(command, state) {
    const { visitId, at } = command;
    switch (command.type) {
      case 'RegisterArrival':
        if (state.arrival) throw new VisitStateError('VISIT_ALREADY_OPEN', visitId, `Visit ${visitId} already has an arrival at ${state.arrival.at}; open a new visit for a new arrival.`);
        return [{ type: 'ed.visit.arrived', data: { visitId, patientId: command.patientId, mode: command.mode, at } }];
      case 'Triage': {
        requireOpen(state, visitId, at);
        const reason = command.retriageReason?.trim() ?? '';
        if (state.triage && !reason) {
          throw new VisitStateError(
            'ALREADY_TRIAGED',
            visitId,
            `This patient was already triaged at ESI ${state.triage.esi} at ${state.triage.at}; to triage again, say why (the condition changed).`,
          );
        }
        if (!state.triage && command.retriageReason !== null) throw new InvalidVisitInputError('retriageReason', 'applies only to a patient already triaged; leave it out for the first triage');
        const { chiefComplaint, vitals } = validateTriage(command);
        const assessed = { visitId, esi: command.esi, chiefComplaint, vitals, dangerZone: dangerZoneOf(command, vitals), at };
        return state.triage ? [{ type: 'ed.visit.retriaged', data: { ...assessed, previousEsi: state.triage.esi, reason } }] : [{ type: 'ed.visit.triaged', data: assessed }];
      }
      case 'AssignRoom': {
        requireOpen(state, visitId, at);
        if (state.roomId === command.roomId) throw new VisitStateError('ALREADY_IN_ROOM', visitId, `The patient is already in ${command.roomId}.`);
        const roomed: VisitEvent = { type: 'ed.visit.roomed', data: { visitId, roomId: command.roomId, at } };
        return state.roomId ? [{ type: 'ed.visit.room-released', data: { visitId, roomId: state.roomId, at } }, roomed] : [roomed];
      }
      case 'ReleaseRoom':
        requireOpen(state, visitId, at);
        if (!state.roomId) throw new VisitStateError('NOT_IN_ROOM', visitId, 'The patient is not in a treatment space, so there is none to release.');
        return [{ type: 'ed.visit.room-released', data: { visitId, roomId: state.roomId, at } }];
      case 'AssignProvider':
        requireOpen(state, visitId, at);
        if (state.providerId === command.providerId) throw new VisitStateError('ALREADY_ASSIGNED', visitId, `Provider ${command.providerId} already has this patient.`);
        return [{ type: 'ed.visit.provider-assigned', data: { visitId, providerId: command.providerId, at } }];
      case 'AssignNurse':
        requireOpen(state, visitId, at);
        if (state.nurseId === command.nurseId) throw new VisitStateError('ALREADY_ASSIGNED', visitId, `Nurse ${command.nurseId} already has this patient.`);
        return [{ type: 'ed.visit.nurse-assigned', data: { visitId, nurseId: command.nurseId, at } }];
      case 'AwaitResults':
        requireOpen(state, visitId, at);
        requireSeen(state, visitId, 'there is no provider waiting for results');
        if (state.resultsAwaitedSince) throw new VisitStateError('RESULTS_ALREADY_AWAITED', visitId, `Results have been awaited since ${state.resultsAwaitedSince}.`);
        return [{ type: 'ed.visit.results-awaited', data: { visitId, at } }];
      case 'RecordResultsReturned':
        requireOpen(state, visitId, at);
        if (!state.resultsAwaitedSince) throw new VisitStateError('NO_RESULTS_AWAITED', visitId, 'No results are awaited for this patient.');
        return [{ type: 'ed.visit.results-returned', data: { visitId, at } }];
      case 'DecideAdmission':
        requireOpen(state, visitId, at);
        requireSeen(state, visitId, 'no admission can be decided');
        return [{ type: 'ed.visit.admission-decided', data: { visitId, source: command.source, at } }];
      case 'DecideDischarge':
        requireOpen(state, visitId, at);
        requireSeen(state, visitId, 'no discharge can be decided');
        validateDischargeStatus(command.disposition, command.dischargeStatus);
        return [{ type: 'ed.visit.discharge-decided', data: { visitId, disposition: command.disposition, dischargeStatus: command.dischargeStatus, diagnosisCode: command.diagnosisCode, at } }];
      case 'RecordBedAssigned': {
        requireOpen(state, visitId, at);
        const decision = requireBoarding(state, 'so no inpatient bed can be assigned; document the decision to admit first');
        if (decision.bed?.bedId === command.bedId) return [];
        return [{ type: 'ed.visit.bed-assigned', data: { visitId, bedId: command.bedId, unitId: command.unitId, at } }];
      }
      case 'RecordBedRequestCancelled': {
        requireOpen(state, visitId, at);
        const decision = requireBoarding(state, 'so there is no bed request to cancel');
        if (decision.requestCancelled) return [];
        return [{ type: 'ed.visit.bed-request-cancelled', data: { visitId, reason: command.reason.trim() || 'no longer needed', at } }];
      }
      case 'RecordDeparture': {
        requireOpen(state, visitId, at);
        const decision = state.decision;
        if (!decision) {
          throw new VisitStateError(
            'NO_DISPOSITION',
            visitId,
            'No disposition is decided; the provider decides to admit, discharge or transfer before the patient departs (or record LWBS, AMA or death).',
          );
        }
        return depart(state, decision.kind === 'admit' ? 'admitted' : decision.disposition, decision.kind === 'admit' ? edImpliedDischargeStatus.admitted : decision.dischargeStatus, at);
      }
      case 'RecordLeftWithoutBeingSeen':
        requireOpen(state, visitId, at);
        if (state.providerSeenAt) {
          throw new VisitStateError(
            'ALREADY_SEEN_BY_PROVIDER',
            visitId,
            `A provider saw this patient at ${state.providerSeenAt}, so they did not leave without being seen; record leaving against medical advice instead.`,
          );
        }
        return depart(state, 'lwbs', edImpliedDischargeStatus.lwbs, at);
      case 'RecordLeftAgainstMedicalAdvice':
        requireOpen(state, visitId, at);
        if (!state.providerSeenAt) {
          throw new VisitStateError('NOT_SEEN_BY_PROVIDER', visitId, 'No provider has seen this patient yet: a patient who leaves before a provider evaluation left without being seen (LWBS).');
        }
        return depart(state, 'ama', edImpliedDischargeStatus.ama, at);
      case 'RecordDeath':
        requireOpen(state, visitId, at);
        return depart(state, 'expired', edImpliedDischargeStatus.expired, at);
      case 'CancelDeparture': {
        if (!state.arrival) throw new VisitStateError('VISIT_NOT_FOUND', visitId, `No ED arrival is recorded for visit ${visitId}.`);
        if (!state.departure) throw new VisitStateError('NOT_DEPARTED', visitId, 'The patient has not departed, so there is no departure to cancel.');
        if (state.departure.disposition === 'expired') {
          throw new VisitStateError('DEATH_CANNOT_BE_UNDONE', visitId, 'A death recorded in error is corrected by health information management, not by cancelling the departure.');
        }
        requireNotBeforeArrival(state.arrival.at, visitId, at);
        const reason = command.reason.trim();
        if (!reason) throw new VisitStateError('REASON_REQUIRED', visitId, 'Give the reason the departure is cancelled (e.g. the transfer to the unit was cancelled).');
        return [{ type: 'ed.visit.departure-cancelled', data: { visitId, reason, at } }];
      }
      default:
        return exhaustive(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ed.visit.arrived':
        return { ...initialVisitState, visitId: event.data.visitId, patientId: event.data.patientId, arrival: { mode: event.data.mode, at: event.data.at } };
      case 'ed.visit.triaged': {
        const { esi, chiefComplaint, vitals, dangerZone, at } = event.data;
        return { ...state, triage: { esi, chiefComplaint, vitals, dangerZone, at } };
      }
      case 'ed.visit.retriaged': {
        const { esi, previousEsi, chiefComplaint, vitals, dangerZone, reason, at } = event.data;
        return { ...state, triage: { esi, chiefComplaint, vitals, dangerZone, at: state.triage?.at ?? at }, retriage: { previousEsi, reason, at } };
      }
      case 'ed.visit.roomed':
        return { ...state, roomId: event.data.roomId, firstRoomedAt: state.firstRoomedAt ?? event.data.at };
      case 'ed.visit.room-released':
        return { ...state, roomId: null };
      case 'ed.visit.provider-assigned':
        return { ...state, providerId: event.data.providerId, providerSeenAt: state.providerSeenAt ?? event.data.at };
      case 'ed.visit.nurse-assigned':
        return { ...state, nurseId: event.data.nurseId };
      case 'ed.visit.results-awaited':
        return { ...state, resultsAwaitedSince: event.data.at };
      case 'ed.visit.results-returned':
        return { ...state, resultsAwaitedSince: null };
      case 'ed.visit.admission-decided': {
        const documented = { source: event.data.source, at: event.data.at };
        // Deciding to admit again after bed placement cancelled the request asks for a bed again.
        const decision: VisitDecision =
          state.decision?.kind === 'admit'
            ? { ...state.decision, decisions: [...state.decision.decisions, documented], requestCancelled: null }
            : { kind: 'admit', decisions: [documented], bed: null, requestCancelled: null };
        return { ...state, decision };
      }
      case 'ed.visit.discharge-decided': {
        const { disposition, dischargeStatus, diagnosisCode, at } = event.data;
        return { ...state, decision: { kind: 'discharge', disposition, dischargeStatus, diagnosisCode, at } };
      }
      case 'ed.visit.bed-assigned':
        if (state.decision?.kind !== 'admit') return state;
        return { ...state, decision: { ...state.decision, bed: { bedId: event.data.bedId, unitId: event.data.unitId, at: event.data.at }, requestCancelled: null } };
      case 'ed.visit.bed-request-cancelled':
        if (state.decision?.kind !== 'admit') return state;
        return { ...state, decision: { ...state.decision, bed: null, requestCancelled: { reason: event.data.reason, at: event.data.at } } };
      case 'ed.visit.departed':
        return { ...state, departure: { disposition: event.data.disposition, dischargeStatus: event.data.dischargeStatus, at: event.data.at } };
      case 'ed.visit.departure-cancelled':
        // Back on the board; the bed the move was headed for is no longer theirs, so the bed request is open again.
        return { ...state, departure: null, decision: state.decision?.kind === 'admit' ? { ...state.decision, bed: null } : state.decision };
      default:
        return exhaustive(event);
    }
  },
};

/** The standing decision to admit, or a refusal saying what cannot be done without one. */
function requireBoarding(state: VisitState, consequence: string): Extract<VisitDecision, { kind: 'admit' }> {
  if (state.decision?.kind !== 'admit') throw new VisitStateError('NOT_BOARDING', state.visitId, `No decision to admit stands for this patient, ${consequence}.`);
  return state.decision;
}

/** Leaving frees the treatment space first, so the room board needs only roomed and released. */
function depart(state: VisitState, disposition: EdDisposition, dischargeStatus: DischargeDisposition, at: string): VisitEvent[] {
  const { visitId } = state;
  const departed: VisitEvent = { type: 'ed.visit.departed', data: { visitId, disposition, dischargeStatus, at } };
  return state.roomId ? [{ type: 'ed.visit.room-released', data: { visitId, roomId: state.roomId, at } }, departed] : [departed];
}
