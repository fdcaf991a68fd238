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
import { exhaustive } from '@ehr/platform';
import { localClock } from './local-time.js';
import { MarRefusedError } from './mar-errors.js';
import type { MarOrder } from './mar-order.js';
import type { PriorPrnAdministration } from './prn-limits.js';
import type { EncounterOnMar } from './encounter-on-mar.js';

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

export type Bedside = { doseId: string; by: string; at: string };
/** Why a STAT dose is scanned before pharmacist verification. */
export type VerificationOverride = { reason: VerificationOverrideReason; comment: string | null };
type ManualReason = { reason: ManualEntryReason; comment: string | null };
export type Administration = Bedside & {
  order: MarOrder;
  /** The encounter the order is under, as ADT last told the eMAR (confirmed current, ADR 0023). */
  encounter: EncounterOnMar | null;
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
      /** `shownAs`: how the refusal of a wrong wristband names each patient (by MRN); ids otherwise. */
      wristband: { method: 'scanned'; code: string; shownAs?: { scanned: string; open: string } } | ({ method: 'manual'; identifiersConfirmed: PatientIdentifier[] } & ManualReason);
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
  | (Bedside & { type: 'AmendAdministration'; order: MarOrder; entryId: string; amount: DoseQuantity | null; site: AdministrationSite | null; givenAt: string | null; reason: string });


export const current = (state: DoseState): DoseEntry | undefined => state.entries.findLast((e) => e.inError === null);

/** Refuses unless the dose is waiting to be documented (the rule two nurses at once run into). */
export function requireOpen(state: DoseState, doseId: string, zone: string): void {
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

export function requireKind(state: DoseState, kind: 'scheduled' | 'prn'): void {
  if (state.kind === kind) return;
  if (kind === 'scheduled') throw new MarRefusedError('NOT_A_SCHEDULED_DOSE', 'An as-needed dose has no schedule: it cannot be held, refused, moved or cancelled.', { doseId: state.doseId });
  throw new MarRefusedError('NOT_A_PRN_DOSE', 'This is a scheduled dose; document it as given, not as an as-needed dose.', { doseId: state.doseId });
}

export function requireReason(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw new MarRefusedError('REASON_REQUIRED', 'Say why: a correction needs a reason.');
  return trimmed;
}

/** The stream may serve the command's order only (a PRN stream opens with its first scan). */
export function requireSameOrder(state: DoseState, order: MarOrder): void {
  if (state.status !== 'none' && state.orderId !== order.orderId) {
    throw new MarRefusedError('ORDER_MISMATCH', `This dose belongs to order ${state.orderId}, not ${order.orderId}. Refresh the MAR.`, { doseId: state.doseId });
  }
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
      // Another nurse's scan starts her own bedside session: the package scanned before is not hers.
      const product = state.product !== null && state.product.by === data.by ? state.product : null;
      return { ...state, ...opened, wristband: { by: data.by, at: data.at }, product };
    }
    case 'mar.product.verified': {
      const { drugId, packageAmount, verificationOverride, by, at } = event.data;
      // Another package of the same product adds to the dose; a different one starts over.
      const same = state.product !== null && state.product.by === by && state.product.drugId === drugId && state.product.packageAmount.unit === packageAmount.unit && state.product.packageAmount.value === packageAmount.value;
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
