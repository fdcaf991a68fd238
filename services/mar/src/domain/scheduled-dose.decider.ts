import type {
  AdministrationSite,
  DomainEventOf,
  DoseCancelledReason,
  DoseHeldReason,
  DoseNotGivenReason,
  DoseQuantity,
  DoseRefusedReason,
  ManualEntryReason,
  marEvents,
  MedicationRoute,
  PartialDoseReason,
  PatientIdentifier,
  PrnEffect,
  TimingVarianceReason,
  VerificationOverrideReason,
} from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';
import { localClock, minutesBetween } from './local-time.js';
import { MarRefusedError } from './mar-errors.js';
import { type MarOrder, requireAdministrable } from './mar-order.js';
import type { MarPolicy } from './mar-policy.js';
import { type AmountChecked, checkAmount, checkWaste } from './dose-amount.js';
import { checkPrnLimits, type PriorPrnAdministration } from './prn-limits.js';
import { windowMinutes } from './timing-window.js';
import { patientOnWristband } from './wristband.js';

export type DoseEvent = DomainEventOf<(typeof marEvents)[number]>;

type Outcome = 'given' | 'held' | 'refused' | 'not-given';

/** One documentation of the dose; corrections are kept beside it, never in its place. */
export interface DoseEntry {
  entryId: string;
  outcome: Outcome;
  by: string;
  at: string;
  amount: DoseQuantity | null;
  site: AdministrationSite | null;
  /** Why it was held, refused or not given; for a partial dose, why only part was given. */
  reason: string | null;
  /** A partial dose: the dose that was ordered. */
  partialOf: DoseQuantity | null;
  inError: { reason: string; by: string; at: string } | null;
  /** Each correction with the values it replaced, so the original stays readable. */
  amendments: Array<{ before: { amount: DoseQuantity | null; site: AdministrationSite | null; at: string }; reason: string; by: string; at: string }>;
}

export type DoseStatus = 'none' | 'open' | Outcome | 'cancelled';

/** A scheduled dose (stream `dose-<id>`) or one PRN administration (stream `prn-dose-<id>`). */
export interface DoseState {
  status: DoseStatus;
  kind: 'scheduled' | 'prn' | null;
  doseId: string;
  orderId: string;
  patientId: string;
  /** The slot the schedule gave it, and the time it is due now (after any reschedule). */
  slot: string | null;
  dueAt: string | null;
  wristband: { by: string; at: string } | null;
  /** The packages scanned for this dose: one product, scanned `count` times (two 5 mg tablets for 10 mg). */
  product: { drugId: string; packageAmount: DoseQuantity; count: number; verificationOverride: VerificationOverride | null; by: string; at: string } | null;
  entries: DoseEntry[];
  prn: { reassessmentDueAt: string; reassessedAt: string | null } | null;
  cancelled: { reason: DoseCancelledReason; at: string } | null;
}

export const initialDoseState: DoseState = {
  status: 'none',
  kind: null,
  doseId: '',
  orderId: '',
  patientId: '',
  slot: null,
  dueAt: null,
  wristband: null,
  product: null,
  entries: [],
  prn: null,
  cancelled: null,
};

type Bedside = { doseId: string; by: string; at: string };
/** Why a STAT dose is scanned before pharmacist verification. */
type VerificationOverride = { reason: VerificationOverrideReason; comment: string | null };
type ManualReason = { reason: ManualEntryReason; comment: string | null };
type Administration = Bedside & {
  order: MarOrder;
  entryId: string;
  amount: DoseQuantity;
  route: MedicationRoute;
  site: AdministrationSite | null;
  verifiedBy: string | null;
  waste: { amount: DoseQuantity; witnessedBy: string } | null;
  /** Why it is given outside its window (scheduled) or before its minimum interval (PRN). */
  timingReason: { reason: TimingVarianceReason; comment: string | null } | null;
  /** How many packages the nurse says were used, instead of scanning each; null means as many as scanned. */
  packages: number | null;
  /** Why less than the ordered dose is given. */
  partialReason: { reason: PartialDoseReason; comment: string | null } | null;
};

export type DoseCommand =
  | { type: 'ScheduleDose'; doseId: string; order: MarOrder; slot: string }
  | { type: 'CancelDose'; doseId: string; reason: DoseCancelledReason; at: string }
  | { type: 'RestoreDose'; doseId: string; reason: string; at: string }
  | (Bedside & { type: 'RescheduleDose'; dueAt: string; reason: TimingVarianceReason; comment: string | null })
  | (Bedside & {
      type: 'VerifyWristband';
      order: MarOrder;
      wristband: { method: 'scanned'; code: string } | ({ method: 'manual'; identifiersConfirmed: PatientIdentifier[] } & ManualReason);
    })
  | (Bedside & {
      type: 'VerifyProduct';
      order: MarOrder;
      product: { method: 'scanned'; code: string } | ({ method: 'manual'; ndc11: string } & ManualReason);
      verificationOverride: VerificationOverride | null;
    })
  | (Administration & { type: 'GiveDose' })
  | (Administration & { type: 'GivePrnDose'; indication: string; painScore: number | null; priorAdministrations: PriorPrnAdministration[] })
  | (Bedside & { type: 'ReassessPrnDose'; effect: PrnEffect; painScore: number | null; comment: string | null })
  | (Bedside & { type: 'HoldDose'; entryId: string; reason: DoseHeldReason; comment: string | null })
  | (Bedside & { type: 'RefuseDose'; entryId: string; reason: DoseRefusedReason; comment: string | null })
  | (Bedside & { type: 'RecordDoseNotGiven'; entryId: string; reason: DoseNotGivenReason; comment: string | null })
  | (Bedside & { type: 'MarkEnteredInError'; entryId: string; reason: string })
  | (Bedside & { type: 'AmendAdministration'; entryId: string; amount: DoseQuantity | null; site: AdministrationSite | null; givenAt: string | null; reason: string });

const current = (state: DoseState): DoseEntry | undefined => state.entries.findLast((e) => e.inError === null);

/** Refuses unless the dose is waiting to be documented (the rule two nurses at once run into). */
function requireOpen(state: DoseState, doseId: string, zone: string): void {
  switch (state.status) {
    case 'open':
      return;
    case 'none':
      throw new MarRefusedError('DOSE_NOT_FOUND', `Dose ${doseId} is not on the MAR.`, { doseId });
    case 'cancelled':
      throw new MarRefusedError('DOSE_CANCELLED', `This dose was taken off the MAR at ${localClock(zone, state.cancelled!.at)} (${state.cancelled!.reason}). Refresh the MAR.`, { doseId });
    case 'given': {
      const entry = current(state)!;
      throw new MarRefusedError('ALREADY_GIVEN', `Already documented as given by ${entry.by} at ${localClock(zone, entry.at)}. Do not give it again.`, {
        doseId,
        entryId: entry.entryId,
        by: entry.by,
        at: entry.at,
      });
    }
    case 'held':
    case 'refused':
    case 'not-given': {
      const entry = current(state)!;
      throw new MarRefusedError('ALREADY_DOCUMENTED', `Already documented as ${state.status} by ${entry.by} at ${localClock(zone, entry.at)}.`, { doseId, entryId: entry.entryId });
    }
    default:
      exhaustive(state.status);
  }
}

function requireKind(state: DoseState, kind: 'scheduled' | 'prn'): void {
  if (state.kind === kind) return;
  if (kind === 'scheduled') throw new MarRefusedError('NOT_A_SCHEDULED_DOSE', 'An as-needed dose has no schedule: it cannot be held, refused, moved or cancelled.', { doseId: state.doseId });
  throw new MarRefusedError('NOT_A_PRN_DOSE', 'This is a scheduled dose; document it as given, not as an as-needed dose.', { doseId: state.doseId });
}

function requireReason(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw new MarRefusedError('REASON_REQUIRED', 'Say why: a correction needs a reason.');
  return trimmed;
}

/** The stream may serve the command's order only (a PRN stream opens with its first scan). */
function requireSameOrder(state: DoseState, order: MarOrder): void {
  if (state.status !== 'none' && state.orderId !== order.orderId) {
    throw new MarRefusedError('ORDER_MISMATCH', `This dose belongs to order ${state.orderId}, not ${order.orderId}. Refresh the MAR.`, { doseId: state.doseId });
  }
}

/** Opens a PRN administration on its first scan; a scheduled dose must already be on the MAR. */
function openForScan(state: DoseState, command: Extract<DoseCommand, { type: 'VerifyWristband' }>, zone: string): { orderId: string; patientId: string } {
  const { order } = command;
  requireSameOrder(state, order);
  if (state.status === 'none' && order.details.frequency.type === 'prn') return { orderId: order.orderId, patientId: order.patientId };
  if (state.status === 'none') throw new MarRefusedError('NOT_A_PRN_ORDER', `${order.details.drugName} is scheduled, not as needed; scan it from its due dose.`, { orderId: order.orderId });
  requireOpen(state, command.doseId, zone);
  return { orderId: state.orderId, patientId: state.patientId };
}

function decideWristband(command: Extract<DoseCommand, { type: 'VerifyWristband' }>, state: DoseState, policy: MarPolicy): DoseEvent[] {
  const { orderId, patientId } = openForScan(state, command, policy.zone);
  const { wristband } = command;
  if (wristband.method === 'scanned') {
    const scanned = patientOnWristband(wristband.code);
    if (scanned !== patientId) {
      throw new MarRefusedError('WRONG_PATIENT', `Wristband does not match the open patient (${scanned} ≠ ${patientId}). Nothing was documented; switch to ${scanned}'s MAR if that is the patient in front of you.`, {
        scannedPatientId: scanned,
        openPatientId: patientId,
      });
    }
  } else if (new Set(wristband.identifiersConfirmed).size < 2) {
    throw new MarRefusedError('TWO_IDENTIFIERS_REQUIRED', 'Without a wristband scan, confirm two identifiers (name, date of birth, MRN) against the chart.');
  }
  return [
    {
      type: 'mar.wristband.verified',
      data: {
        doseId: command.doseId,
        orderId,
        patientId,
        identification: wristband.method === 'scanned' ? { method: 'scanned' } : { method: 'manual', reason: wristband.reason, comment: wristband.comment },
        identifiersConfirmed: wristband.method === 'scanned' ? [] : [...new Set(wristband.identifiersConfirmed)],
        by: command.by,
        at: command.at,
      },
    },
  ];
}

function decideProduct(command: Extract<DoseCommand, { type: 'VerifyProduct' }>, state: DoseState, policy: MarPolicy): DoseEvent[] {
  requireOpen(state, command.doseId, policy.zone);
  const { order } = command;
  requireSameOrder(state, order);
  if (state.wristband === null) throw new MarRefusedError('WRISTBAND_NOT_VERIFIED', "Scan the patient's wristband first, then the medication.", { doseId: command.doseId });
  requireAdministrable(order, command.at, policy.zone, command.verificationOverride !== null);
  const scanned = command.product;
  const identified =
    scanned.method === 'scanned'
      ? policy.products.identify(scanned.code)
      : { product: policy.products.byNdc11(scanned.ndc11), gtin: null, lot: null, expiry: null, serial: null };
  const { product } = identified;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: policy.zone }).format(new Date(command.at));
  if (identified.expiry !== null && identified.expiry < today) {
    throw new MarRefusedError('PRODUCT_EXPIRED', `Product expired ${identified.expiry}. Do not give it; get another package.`, { gtin: identified.gtin, lot: identified.lot });
  }
  if (product.drugId !== order.details.drugId) {
    throw new MarRefusedError('NOT_ORDERED', `No active order matches the scanned product (${product.description}); this dose is ${order.details.drugName}. Do not give it.`, {
      gtin: identified.gtin,
      ndc11: product.ndc11,
      scannedDrugId: product.drugId,
      orderedDrugId: order.details.drugId,
    });
  }
  return [
    {
      type: 'mar.product.verified',
      data: {
        doseId: command.doseId,
        orderId: order.orderId,
        drugId: product.drugId,
        identification: scanned.method === 'scanned' ? { method: 'scanned' } : { method: 'manual', reason: scanned.reason, comment: scanned.comment },
        gtin: identified.gtin,
        ndc11: product.ndc11,
        lot: identified.lot,
        expiry: identified.expiry,
        serial: identified.serial,
        packageAmount: product.packageAmount,
        // Verified meanwhile: there is nothing left to override.
        verificationOverride: order.verifiedAt === null && command.verificationOverride ? { ...command.verificationOverride, comment: command.verificationOverride.comment?.trim() || null } : null,
        by: command.by,
        at: command.at,
      },
    },
  ];
}

type AdministrationChecked = AmountChecked & { verificationOverride: VerificationOverride | null };

/** The five rights and the independent checks every administration passes, scheduled or PRN. */
function checkAdministration(command: Administration, state: DoseState, policy: MarPolicy): AdministrationChecked {
  const { order } = command;
  requireSameOrder(state, order);
  const verificationOverride = order.verifiedAt === null ? (state.product?.verificationOverride ?? null) : null;
  requireAdministrable(order, command.at, policy.zone, verificationOverride !== null);
  if (state.wristband === null) throw new MarRefusedError('WRISTBAND_NOT_VERIFIED', "Scan the patient's wristband before documenting the dose.", { doseId: command.doseId });
  if (state.product === null) throw new MarRefusedError('PRODUCT_NOT_VERIFIED', 'Scan the medication package before documenting the dose.', { doseId: command.doseId });
  const { details } = order;
  if (command.route !== details.route) {
    throw new MarRefusedError('WRONG_ROUTE', `${details.drugName} is ordered ${details.route}, not ${command.route}.`, { ordered: details.route, documented: command.route });
  }
  const checked = checkAmount(command, details, state.product);
  if (details.highAlert) {
    if (command.verifiedBy === null) throw new MarRefusedError('SECOND_NURSE_REQUIRED', `${details.drugName} is a high-alert medication: a second nurse must check it independently and sign in.`);
    if (command.verifiedBy === command.by) {
      throw new MarRefusedError('SECOND_NURSE_NOT_INDEPENDENT', 'The independent double check must be done by a different nurse, signed in with their own credentials.');
    }
  }
  const { packageAmount } = state.product;
  checkWaste(command, { value: packageAmount.value * checked.packages, unit: packageAmount.unit }, details.controlledSchedule !== null);
  return { ...checked, verificationOverride };
}

function administration(command: Administration, checked: AdministrationChecked) {
  return {
    ...checked,
    doseId: command.doseId,
    entryId: command.entryId,
    orderId: command.order.orderId,
    patientId: command.order.patientId,
    amount: command.amount,
    route: command.route,
    site: command.site,
    by: command.by,
    at: command.at,
    verifiedBy: command.verifiedBy,
    waste: command.waste,
  };
}

function decideGive(command: Extract<DoseCommand, { type: 'GiveDose' }>, state: DoseState, policy: MarPolicy): DoseEvent[] {
  requireOpen(state, command.doseId, policy.zone);
  requireKind(state, 'scheduled');
  const checked = checkAdministration(command, state, policy);
  const { details } = command.order;
  const window = windowMinutes(details.frequency, details.timeCritical, policy.timing);
  const offset = minutesBetween(state.dueAt!, command.at);
  const outside = window !== null && Math.abs(offset) > window;
  if (outside && command.timingReason === null) {
    const due = localClock(policy.zone, state.dueAt!);
    throw offset < 0
      ? new MarRefusedError('TOO_EARLY', `${-offset} min before the scheduled time (${due}); the window opens ${window} min before. Give a reason to proceed.`, { minutes: offset })
      : new MarRefusedError('TOO_LATE', `${offset} min after the scheduled time (${due}); the window closed ${window} min after. Give a reason for the late dose.`, { minutes: offset });
  }
  const timingVariance = outside ? { minutes: offset, ...command.timingReason! } : null;
  return [{ type: 'mar.dose.given', data: { ...administration(command, checked), timingVariance } }];
}

function decideGivePrn(command: Extract<DoseCommand, { type: 'GivePrnDose' }>, state: DoseState, policy: MarPolicy): DoseEvent[] {
  requireOpen(state, command.doseId, policy.zone);
  requireKind(state, 'prn');
  const checked = checkAdministration(command, state, policy);
  const { frequency } = command.order.details;
  if (frequency.type !== 'prn') throw new MarRefusedError('NOT_A_PRN_ORDER', `${command.order.details.drugName} is not ordered as needed.`, { orderId: command.order.orderId });
  const indication = command.indication.trim();
  if (!indication) throw new MarRefusedError('INDICATION_REQUIRED', `Say why the as-needed dose is given (ordered for ${frequency.indication}).`);
  const minutesEarly = checkPrnLimits(frequency, command.amount, command.at, command.priorAdministrations, command.timingReason !== null, policy.zone);
  const reassessmentDueAt = new Date(Date.parse(command.at) + policy.prnReassessmentMinutes(command.route) * 60_000).toISOString();
  return [
    {
      type: 'mar.prn-dose.given',
      data: {
        ...administration(command, checked),
        timingVariance: minutesEarly > 0 ? { minutes: -minutesEarly, ...command.timingReason! } : null,
        indication,
        painScore: command.painScore,
        reassessmentDueAt,
      },
    },
  ];
}

function decideNotAdministered(command: Extract<DoseCommand, { type: 'HoldDose' | 'RefuseDose' | 'RecordDoseNotGiven' }>, state: DoseState, policy: MarPolicy): DoseEvent[] {
  requireOpen(state, command.doseId, policy.zone);
  requireKind(state, 'scheduled');
  const common = { doseId: command.doseId, entryId: command.entryId, orderId: state.orderId, patientId: state.patientId, comment: command.comment?.trim() || null, by: command.by, at: command.at };
  switch (command.type) {
    case 'HoldDose':
      return [{ type: 'mar.dose.held', data: { ...common, reason: command.reason } }];
    case 'RefuseDose':
      return [{ type: 'mar.dose.refused', data: { ...common, reason: command.reason } }];
    case 'RecordDoseNotGiven':
      return [{ type: 'mar.dose.not-given', data: { ...common, reason: command.reason } }];
    default:
      return exhaustive(command);
  }
}

function requireCurrentEntry(state: DoseState, entryId: string): DoseEntry {
  const entry = state.entries.find((e) => e.entryId === entryId);
  if (!entry) throw new MarRefusedError('ENTRY_NOT_FOUND', `There is no entry ${entryId} on this dose.`, { doseId: state.doseId, entryId });
  if (entry !== current(state)) throw new MarRefusedError('ENTRY_NOT_CURRENT', 'That entry is already marked in error; only the current entry can be corrected.', { doseId: state.doseId, entryId });
  return entry;
}

/** Scheduled doses (one stream per slot) and PRN administrations (one stream each). */
export function createDoseDecider(policy: MarPolicy): Decider<DoseCommand, DoseEvent, DoseState> {
  return {
    initialState: initialDoseState,

    decide(command, state) {
      switch (command.type) {
        case 'ScheduleDose': {
          if (state.status !== 'none') throw new MarRefusedError('DOSE_ALREADY_SCHEDULED', `Dose ${command.doseId} is already on the MAR.`, { doseId: command.doseId });
          const { order } = command;
          return [
            {
              type: 'mar.dose.scheduled',
              data: { doseId: command.doseId, orderId: order.orderId, patientId: order.patientId, encounterId: order.encounterId, dueAt: command.slot, timeCritical: order.details.timeCritical },
            },
          ];
        }
        case 'CancelDose':
          requireOpen(state, command.doseId, policy.zone);
          requireKind(state, 'scheduled');
          return [{ type: 'mar.dose.cancelled', data: { doseId: command.doseId, orderId: state.orderId, reason: command.reason, at: command.at } }];
        case 'RestoreDose':
          // Only a dose taken off the MAR comes back; asked again, nothing changes.
          if (state.status !== 'cancelled') return [];
          return [{ type: 'mar.dose.restored', data: { doseId: command.doseId, orderId: state.orderId, reason: requireReason(command.reason), at: command.at } }];
        case 'RescheduleDose':
          requireOpen(state, command.doseId, policy.zone);
          requireKind(state, 'scheduled');
          if (Date.parse(command.dueAt) === Date.parse(state.dueAt!)) throw new MarRefusedError('SAME_DUE_TIME', `The dose is already due at ${localClock(policy.zone, command.dueAt)}.`);
          return [
            {
              type: 'mar.dose.rescheduled',
              data: { doseId: command.doseId, orderId: state.orderId, from: state.dueAt!, dueAt: command.dueAt, reason: command.reason, comment: command.comment?.trim() || null, by: command.by, at: command.at },
            },
          ];
        case 'VerifyWristband':
          return decideWristband(command, state, policy);
        case 'VerifyProduct':
          return decideProduct(command, state, policy);
        case 'GiveDose':
          return decideGive(command, state, policy);
        case 'GivePrnDose':
          return decideGivePrn(command, state, policy);
        case 'ReassessPrnDose':
          if (state.status !== 'given' || state.kind !== 'prn') throw new MarRefusedError('NOT_A_PRN_DOSE', 'Only a given as-needed dose is reassessed.', { doseId: command.doseId });
          if (state.prn!.reassessedAt !== null) throw new MarRefusedError('ALREADY_REASSESSED', `This dose was reassessed at ${localClock(policy.zone, state.prn!.reassessedAt)}.`);
          return [
            {
              type: 'mar.prn-dose.reassessed',
              data: { doseId: command.doseId, orderId: state.orderId, effect: command.effect, painScore: command.painScore, comment: command.comment?.trim() || null, by: command.by, at: command.at },
            },
          ];
        case 'HoldDose':
        case 'RefuseDose':
        case 'RecordDoseNotGiven':
          return decideNotAdministered(command, state, policy);
        case 'MarkEnteredInError': {
          const entry = requireCurrentEntry(state, command.entryId);
          return [
            {
              type: 'mar.dose.documented-in-error',
              data: { doseId: command.doseId, entryId: entry.entryId, orderId: state.orderId, reason: requireReason(command.reason), by: command.by, at: command.at },
            },
          ];
        }
        case 'AmendAdministration': {
          const entry = requireCurrentEntry(state, command.entryId);
          if (entry.outcome !== 'given') throw new MarRefusedError('NOT_A_GIVEN_ENTRY', `Only a "given" entry can be amended; mark this ${entry.outcome} entry in error instead.`);
          if (command.amount === null && command.site === null && command.givenAt === null) throw new MarRefusedError('NOTHING_TO_AMEND', 'Say what to correct: amount, site or time given.');
          return [
            {
              type: 'mar.dose.amended',
              data: {
                doseId: command.doseId,
                entryId: entry.entryId,
                orderId: state.orderId,
                amount: command.amount,
                site: command.site,
                givenAt: command.givenAt,
                reason: requireReason(command.reason),
                by: command.by,
                at: command.at,
              },
            },
          ];
        }
        default:
          return exhaustive(command);
      }
    },

    evolve: evolveDose,
  };
}

const entryOf = (outcome: Outcome, data: { entryId: string; by: string; at: string }, extra: Partial<DoseEntry>): DoseEntry => ({
  entryId: data.entryId,
  outcome,
  by: data.by,
  at: data.at,
  amount: null,
  site: null,
  reason: null,
  partialOf: null,
  inError: null,
  amendments: [],
  ...extra,
});

const givenEntry = (data: Extract<DoseEvent, { type: 'mar.dose.given' | 'mar.prn-dose.given' }>['data']): DoseEntry =>
  entryOf('given', data, { amount: data.amount, site: data.site, reason: data.partialDose?.reason ?? null, partialOf: data.partialDose?.ordered ?? null });

/** A documentation closes the slot and uses up the scans made for it. */
const documented = (state: DoseState, entry: DoseEntry): DoseState => ({ ...state, status: entry.outcome, entries: [...state.entries, entry], wristband: null, product: null });

export function evolveDose(state: DoseState, event: DoseEvent): DoseState {
  switch (event.type) {
    case 'mar.dose.scheduled': {
      const { data } = event;
      return { ...state, status: 'open', kind: 'scheduled', doseId: data.doseId, orderId: data.orderId, patientId: data.patientId, slot: data.dueAt, dueAt: data.dueAt };
    }
    case 'mar.dose.rescheduled':
      return { ...state, dueAt: event.data.dueAt };
    case 'mar.dose.cancelled':
      return { ...state, status: 'cancelled', cancelled: { reason: event.data.reason, at: event.data.at } };
    case 'mar.dose.restored':
      return { ...state, status: 'open', cancelled: null };
    case 'mar.wristband.verified': {
      const { data } = event;
      const opened = state.status === 'none' ? { status: 'open' as const, kind: 'prn' as const, doseId: data.doseId, orderId: data.orderId, patientId: data.patientId } : {};
      return { ...state, ...opened, wristband: { by: data.by, at: data.at } };
    }
    case 'mar.product.verified': {
      const { drugId, packageAmount, verificationOverride, by, at } = event.data;
      // Another package of the same product adds to the dose; a different one starts over.
      const same = state.product !== null && state.product.drugId === drugId && state.product.packageAmount.unit === packageAmount.unit && state.product.packageAmount.value === packageAmount.value;
      const override = verificationOverride ?? (same ? state.product!.verificationOverride : null);
      return { ...state, product: { drugId, packageAmount, count: same ? state.product!.count + 1 : 1, verificationOverride: override, by, at } };
    }
    case 'mar.dose.given':
      return documented(state, givenEntry(event.data));
    case 'mar.prn-dose.given':
      return {
        ...documented(state, givenEntry(event.data)),
        prn: { reassessmentDueAt: event.data.reassessmentDueAt, reassessedAt: null },
      };
    case 'mar.prn-dose.reassessed':
      return { ...state, prn: { ...state.prn!, reassessedAt: event.data.at } };
    case 'mar.dose.held':
      return documented(state, entryOf('held', event.data, { reason: event.data.reason }));
    case 'mar.dose.refused':
      return documented(state, entryOf('refused', event.data, { reason: event.data.reason }));
    case 'mar.dose.not-given':
      return documented(state, entryOf('not-given', event.data, { reason: event.data.reason }));
    case 'mar.dose.documented-in-error': {
      const { data } = event;
      return {
        ...state,
        status: 'open',
        prn: null,
        entries: state.entries.map((e) => (e.entryId === data.entryId ? { ...e, inError: { reason: data.reason, by: data.by, at: data.at } } : e)),
      };
    }
    case 'mar.dose.amended': {
      const { data } = event;
      const amend = (e: DoseEntry): DoseEntry => ({
        ...e,
        amount: data.amount ?? e.amount,
        site: data.site ?? e.site,
        at: data.givenAt ?? e.at,
        amendments: [...e.amendments, { before: { amount: e.amount, site: e.site, at: e.at }, reason: data.reason, by: data.by, at: data.at }],
      });
      return { ...state, entries: state.entries.map((e) => (e.entryId === data.entryId ? amend(e) : e)) };
    }
    default:
      return exhaustive(event);
  }
}
