import {
  type AlertOverrideReason,
  type DiscontinueCause,
  type DomainEventOf,
  type EventData,
  instant,
  type LevelOfCare,
  orderDetails,
  type OrderDetails,
  type orderMissedDoseReported,
  type orderPlaced,
  type OrderPriority,
  type ordersOrderEvents,
} from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';
import type { RecordedAllergy } from './allergy.decider.js';
import type { Formulary } from './formulary.js';
import type { StandardTimes } from './frequency.js';
import { type MedicationOrderInput, resolveMedicationOrder } from './medication-order.js';
import { type ActiveMedication, orderEntryAlerts } from './order-entry-checks.js';
import { AlertsNeedOverrideError, EncounterNotOpenError, InvalidOrderError, OrderStateError } from './orders-errors.js';

export type OrderEvent = DomainEventOf<(typeof ordersOrderEvents)[number]>;
export type PlacedOrder = EventData<typeof orderPlaced>;

export type OrderStatus = 'none' | 'active' | 'on-hold' | 'discontinued' | 'completed' | 'expired' | 'rejected';
/** Medication orders wait for a pharmacist; other orders are acted on as signed. */
export type Verification = 'not-required' | 'pending' | 'verified';

export interface OrderState {
  status: OrderStatus;
  orderId: string;
  placed: PlacedOrder | null;
  verification: Verification;
  /** Every hold, newest last; `until` is null while it lasts. */
  holds: Array<{ from: string; until: string | null }>;
  /** How a discontinued, completed, expired or rejected order ended; `cause` says who stopped a discontinued one. */
  ended: { at: string; by: string | null; reason: string | null; cause: DiscontinueCause | null } | null;
  /** Why a prescriber must look at the order again. */
  reviewPending:
    | { reason: 'level-of-care'; from: LevelOfCare; to: LevelOfCare; at: string }
    | { reason: 'discharge-cancelled'; at: string }
    | { reason: 'time-critical-dose-not-given'; note: string; at: string }
    | null;
  retrospectiveReviewRequested: boolean;
}

/** The encounter as the orders service last heard of it from ADT (`unknown`: not heard of yet). */
export type EncounterStatusSeen = 'unknown' | 'planned' | 'in-progress' | 'onleave' | 'finished' | 'cancelled';

/** What order entry needs to know beyond the order itself, loaded by the application layer. */
export interface OrderEntryContext {
  encounterStatus: EncounterStatusSeen;
  allergies: RecordedAllergy[];
  activeMedications: ActiveMedication[];
}

export interface AlertOverride {
  alertKey: string;
  reason: AlertOverrideReason;
  comment: string | null;
}

export type OrderDetailsInput = MedicationOrderInput | Exclude<OrderDetails, { kind: 'medication' }>;

export type OrderCommand =
  | {
      type: 'PlaceOrder';
      orderId: string;
      patientId: string;
      encounterId: string;
      orderedBy: string;
      at: string;
      priority: OrderPriority;
      start: string;
      stop: string | null;
      details: OrderDetailsInput;
      context: OrderEntryContext;
      overrides: AlertOverride[];
    }
  | { type: 'VerifyOrder'; orderId: string; by: string; at: string }
  | { type: 'RejectOrder'; orderId: string; by: string; at: string; reason: string }
  | { type: 'HoldOrder'; orderId: string; by: string; at: string; reason: string }
  | { type: 'ResumeOrder'; orderId: string; by: string; at: string }
  | { type: 'DiscontinueOrder'; orderId: string; by: string; at: string; reason: string }
  | { type: 'CompleteOrder'; orderId: string; by: string; at: string }
  /** Sent by a timer at the order's stop time. */
  | { type: 'ExpireOrder'; orderId: string; at: string }
  /** Sent when ADT reports the discharge (adt.encounter.discharged). */
  | { type: 'DiscontinueForDischarge'; orderId: string; encounterId: string; at: string }
  /** Sent when ADT reports the discharge cancelled (adt.encounter.discharge-cancelled). */
  | { type: 'ReinstateAfterDischargeCancelled'; orderId: string; encounterId: string; at: string }
  /** Sent when ADT reports a transfer (adt.encounter.transferred), with both units' levels of care. */
  | { type: 'FlagForLevelOfCareChange'; orderId: string; from: LevelOfCare; to: LevelOfCare; at: string }
  /** Sent when the eMAR reports a dose held, refused or not given; only a time-critical one notifies the prescriber. */
  | { type: 'ReportMissedDose'; orderId: string; doseId: string; outcome: 'held' | 'refused' | 'not-given'; reason: string; by: string; at: string }
  | { type: 'ReviewOrder'; orderId: string; by: string; at: string }
  /** Sent when the eMAR reports a dose given with an override before verification. */
  | { type: 'RequestRetrospectiveReview'; orderId: string; administeredBy: string; at: string; reason: string };

export interface OrderPolicy {
  formulary: Formulary;
  standardTimes: StandardTimes;
}

/** What the prescriber reads of a time-critical dose not given: "refused (patient-refused) by rn-1". */
export const missedDoseNote = (data: EventData<typeof orderMissedDoseReported>): string => `${data.outcome} (${data.reason}) by ${data.by}`;

export const initialOrderState: OrderState = {
  status: 'none',
  orderId: '',
  placed: null,
  verification: 'not-required',
  holds: [],
  ended: null,
  reviewPending: null,
  retrospectiveReviewRequested: false,
};

const encounterRefusal: Record<Exclude<EncounterStatusSeen, 'in-progress' | 'onleave'>, string> = {
  unknown: 'is not known to the orders service yet; if the patient was admitted a moment ago, try again shortly',
  planned: 'is a pre-admission; orders can be placed once the patient is admitted',
  finished: 'is discharged; orders cannot be placed on a discharged encounter',
  cancelled: 'was cancelled; orders cannot be placed on it',
};

const endedAs: Record<'discontinued' | 'completed' | 'expired' | 'rejected', string> = {
  discontinued: 'was discontinued',
  completed: 'is completed',
  expired: 'has expired',
  rejected: 'was rejected by pharmacy',
};

const isEnded = (status: OrderStatus): status is keyof typeof endedAs => status in endedAs;

function requireOpen(state: OrderState, action: string): void {
  if (isEnded(state.status)) throw new OrderStateError('ORDER_ENDED', state.orderId, `${endedAs[state.status]} at ${state.ended!.at}, so it cannot be ${action}`);
}

function requireEncounter(state: OrderState, encounterId: string): void {
  const placedOn = state.placed!.encounterId;
  if (encounterId !== placedOn) throw new OrderStateError('ENCOUNTER_MISMATCH', state.orderId, `belongs to encounter ${placedOn}, not ${encounterId}`);
}

function requireReason(orderId: string, reason: string, action: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw new OrderStateError('REASON_REQUIRED', orderId, `cannot be ${action} without a reason`);
  return trimmed;
}

function requireMedication(state: OrderState, action: string): void {
  if (state.placed!.details.kind !== 'medication') {
    throw new OrderStateError('VERIFICATION_NOT_APPLICABLE', state.orderId, `is a ${state.placed!.details.kind} order; only medication orders are ${action}`);
  }
}

function resolveDetails(command: Extract<OrderCommand, { type: 'PlaceOrder' }>, policy: OrderPolicy): OrderDetails {
  if (command.details.kind === 'medication') return resolveMedicationOrder(command.details, command.priority, policy.formulary, policy.standardTimes);
  const parsed = orderDetails.safeParse(command.details);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw new InvalidOrderError(['details', ...issue!.path.map(String)].join('.'), issue!.message);
}

function decidePlace(command: Extract<OrderCommand, { type: 'PlaceOrder' }>, state: OrderState, policy: OrderPolicy): OrderEvent[] {
  const { orderId, context } = command;
  if (state.status !== 'none') throw new OrderStateError('ORDER_ALREADY_PLACED', orderId, 'has already been placed');
  if (context.encounterStatus !== 'in-progress' && context.encounterStatus !== 'onleave') {
    throw new EncounterNotOpenError(command.encounterId, encounterRefusal[context.encounterStatus]);
  }
  for (const field of ['start', 'stop'] as const) {
    const value = command[field];
    if (value !== null && !instant.safeParse(value).success) throw new InvalidOrderError(field, `"${value}" is not a date and time with its UTC offset`);
  }
  if (command.stop !== null && Date.parse(command.stop) <= Date.parse(command.start)) throw new InvalidOrderError('stop', 'must be after the start');
  const details = resolveDetails(command, policy);
  const placed: OrderEvent = {
    type: 'orders.order.placed',
    data: {
      orderId,
      patientId: command.patientId,
      encounterId: command.encounterId,
      orderedBy: command.orderedBy,
      placedAt: command.at,
      priority: command.priority,
      start: command.start,
      stop: command.stop,
      details,
    },
  };
  if (details.kind !== 'medication') return [placed];

  const drug = policy.formulary.drugs.get(details.drugId)!;
  const alerts = orderEntryAlerts(drug, details, context.allergies, context.activeMedications, policy.formulary);
  const unanswered = alerts.filter((alert) => !command.overrides.some((o) => o.alertKey === alert.key));
  if (unanswered.length > 0) throw new AlertsNeedOverrideError(unanswered);
  return [
    placed,
    ...alerts.map((alert): OrderEvent => {
      const index = command.overrides.findIndex((o) => o.alertKey === alert.key);
      const override = command.overrides[index]!;
      const comment = override.comment?.trim() || null;
      if (override.reason === 'other' && !comment) throw new InvalidOrderError(`overrides.${index}.comment`, 'an override for "other" reasons needs a comment saying why');
      return { type: 'orders.order.alert-overridden', data: { orderId, alert, reason: override.reason, comment, by: command.orderedBy, at: command.at } };
    }),
  ];
}

/** Orders (stream `order-<id>`): placed, verified by pharmacy, held and resumed, and ended one way or another. */
export function createOrderDecider(policy: OrderPolicy): Decider<OrderCommand, OrderEvent, OrderState> {
  return {
    initialState: initialOrderState,

    decide(command, state) {
      if (command.type === 'PlaceOrder') return decidePlace(command, state, policy);
      const { orderId } = command;
      if (state.status === 'none') throw new OrderStateError('ORDER_NOT_FOUND', orderId, 'does not exist');
      const placed = state.placed!;
      switch (command.type) {
        case 'VerifyOrder':
          requireMedication(state, 'verified by pharmacy');
          requireOpen(state, 'verified');
          if (state.verification === 'verified') throw new OrderStateError('ORDER_ALREADY_VERIFIED', orderId, 'is already verified');
          if (command.by === placed.orderedBy) throw new OrderStateError('SELF_VERIFICATION', orderId, 'was placed by you; another pharmacist must verify it');
          return [{ type: 'orders.order.verified', data: { orderId, by: command.by, at: command.at } }];
        case 'RejectOrder':
          requireMedication(state, 'verified by pharmacy');
          requireOpen(state, 'rejected');
          if (state.verification === 'verified') throw new OrderStateError('ORDER_ALREADY_VERIFIED', orderId, 'is already verified; ask the prescriber to discontinue it instead');
          return [{ type: 'orders.order.rejected', data: { orderId, by: command.by, at: command.at, reason: requireReason(orderId, command.reason, 'rejected') } }];
        case 'HoldOrder':
          requireOpen(state, 'held');
          if (state.status === 'on-hold') throw new OrderStateError('ORDER_ON_HOLD', orderId, `is already on hold since ${state.holds.at(-1)!.from}`);
          return [{ type: 'orders.order.held', data: { orderId, by: command.by, at: command.at, reason: requireReason(orderId, command.reason, 'held') } }];
        case 'ResumeOrder': {
          requireOpen(state, 'resumed');
          if (state.status !== 'on-hold') throw new OrderStateError('ORDER_NOT_ON_HOLD', orderId, 'is not on hold');
          const since = state.holds.at(-1)!.from;
          if (Date.parse(command.at) < Date.parse(since)) throw new OrderStateError('ORDER_TIME', orderId, `cannot be resumed at ${command.at}, before its hold began at ${since}`);
          return [{ type: 'orders.order.resumed', data: { orderId, by: command.by, at: command.at } }];
        }
        case 'DiscontinueOrder':
          requireOpen(state, 'discontinued');
          return [
            {
              type: 'orders.order.discontinued',
              data: { orderId, cause: 'prescriber', by: command.by, at: command.at, reason: requireReason(orderId, command.reason, 'discontinued') },
            },
          ];
        case 'CompleteOrder': {
          requireOpen(state, 'completed');
          const { details } = placed;
          if (details.kind === 'diet') throw new OrderStateError('NOT_COMPLETABLE', orderId, 'is a diet order; it ends when it is discontinued or replaced');
          if (details.kind === 'medication' && details.frequency.type !== 'once' && details.frequency.type !== 'stat') {
            throw new OrderStateError('NOT_COMPLETABLE', orderId, 'repeats; it ends when it is discontinued or reaches its stop time');
          }
          if (state.status === 'on-hold') throw new OrderStateError('ORDER_ON_HOLD', orderId, 'is on hold; resume it before completing it');
          return [{ type: 'orders.order.completed', data: { orderId, by: command.by, at: command.at } }];
        }
        case 'ExpireOrder':
          if (isEnded(state.status)) return [];
          if (placed.stop === null) throw new OrderStateError('NO_STOP_TIME', orderId, 'has no stop time; it runs until it is discontinued');
          if (Date.parse(command.at) < Date.parse(placed.stop)) throw new OrderStateError('NOT_YET_AT_STOP', orderId, `runs until ${placed.stop}`);
          return [{ type: 'orders.order.expired', data: { orderId, at: command.at } }];
        case 'DiscontinueForDischarge':
          requireEncounter(state, command.encounterId);
          if (isEnded(state.status)) return [];
          return [{ type: 'orders.order.discontinued', data: { orderId, cause: 'patient-discharged', by: null, at: command.at, reason: 'Patient discharged' } }];
        case 'ReinstateAfterDischargeCancelled': {
          requireEncounter(state, command.encounterId);
          // Only what the discharge stopped comes back, and not past its own stop time.
          if (state.status !== 'discontinued' || state.ended?.cause !== 'patient-discharged') return [];
          if (placed.stop !== null && Date.parse(placed.stop) <= Date.parse(command.at)) return [];
          const held = state.holds.at(-1)?.until === null;
          return [{ type: 'orders.order.reinstated', data: { orderId, status: held ? 'on-hold' : 'active', reason: 'Discharge cancelled', at: command.at } }];
        }
        case 'FlagForLevelOfCareChange':
          if (command.from === command.to || isEnded(state.status)) return [];
          return [{ type: 'orders.order.flagged-for-review', data: { orderId, from: command.from, to: command.to, at: command.at } }];
        case 'ReportMissedDose': {
          const { details } = placed;
          if (isEnded(state.status) || details.kind !== 'medication' || !details.timeCritical) return [];
          const { doseId, outcome, reason, by, at } = command;
          return [{ type: 'orders.order.missed-dose-reported', data: { orderId, doseId, outcome, reason: requireReason(orderId, reason, 'reported missed'), by, at } }];
        }
        case 'ReviewOrder':
          requireOpen(state, 'reviewed');
          if (state.reviewPending === null) throw new OrderStateError('NO_REVIEW_PENDING', orderId, 'is not waiting for a review');
          return [{ type: 'orders.order.reviewed', data: { orderId, by: command.by, at: command.at } }];
        case 'RequestRetrospectiveReview':
          requireMedication(state, 'verified by pharmacy');
          if (state.verification !== 'pending') return [];
          return [
            {
              type: 'orders.order.retrospective-review-requested',
              data: { orderId, administeredBy: command.administeredBy, at: command.at, reason: requireReason(orderId, command.reason, 'given before verification') },
            },
          ];
        default:
          return exhaustive(command);
      }
    },

    evolve(state, event) {
      switch (event.type) {
        case 'orders.order.placed':
          return {
            ...state,
            status: 'active',
            orderId: event.data.orderId,
            placed: event.data,
            verification: event.data.details.kind === 'medication' ? 'pending' : 'not-required',
          };
        case 'orders.order.alert-overridden':
          return state;
        case 'orders.order.verified':
          return { ...state, verification: 'verified', retrospectiveReviewRequested: false };
        case 'orders.order.rejected':
          return { ...state, status: 'rejected', ended: { at: event.data.at, by: event.data.by, reason: event.data.reason, cause: null } };
        case 'orders.order.held':
          return { ...state, status: 'on-hold', holds: [...state.holds, { from: event.data.at, until: null }] };
        case 'orders.order.resumed':
          return { ...state, status: 'active', holds: state.holds.map((h, i) => (i === state.holds.length - 1 ? { ...h, until: event.data.at } : h)) };
        case 'orders.order.discontinued':
          return { ...state, status: 'discontinued', ended: { at: event.data.at, by: event.data.by, reason: event.data.reason, cause: event.data.cause } };
        case 'orders.order.reinstated':
          return { ...state, status: event.data.status, ended: null, reviewPending: { reason: 'discharge-cancelled', at: event.data.at } };
        case 'orders.order.completed':
          return { ...state, status: 'completed', ended: { at: event.data.at, by: event.data.by, reason: null, cause: null } };
        case 'orders.order.expired':
          return { ...state, status: 'expired', ended: { at: event.data.at, by: null, reason: null, cause: null } };
        case 'orders.order.flagged-for-review':
          return { ...state, reviewPending: { reason: 'level-of-care', from: event.data.from, to: event.data.to, at: event.data.at } };
        case 'orders.order.missed-dose-reported':
          return { ...state, reviewPending: { reason: 'time-critical-dose-not-given', note: missedDoseNote(event.data), at: event.data.at } };
        case 'orders.order.reviewed':
          return { ...state, reviewPending: null };
        case 'orders.order.retrospective-review-requested':
          return { ...state, retrospectiveReviewRequested: true };
        default:
          return exhaustive(event);
      }
    },
  };
}
