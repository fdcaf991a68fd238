import type { DomainEventOf, marPrnOrderEvents } from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import { administration, checkAdministration } from './bedside-checks.js';
import { localClock } from './local-time.js';
import { MarRefusedError } from './mar-errors.js';
import type { MarPolicy } from './mar-policy.js';
import { type DoseCommand, type DoseEvent, type DoseState, requireKind, requireOpen } from './dose-state.js';
import { checkPrnLimits, type PriorPrnAdministration } from './prn-limits.js';

/** The commands only an as-needed dose (one stream per administration, opened by its first scan) answers. */
export type PrnDoseCommand = Extract<DoseCommand, { type: 'GivePrnDose' | 'ReassessPrnDose' }>;

/** Given for its indication, after the minimum interval (or sooner with a reason), never over the 24-hour maximum. */
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

/** The rules of an as-needed dose. */
export function decidePrnDose(command: PrnDoseCommand, state: DoseState, policy: MarPolicy): DoseEvent[] {
  switch (command.type) {
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
    default:
      return exhaustive(command);
  }
}

export type PrnOrderEvent = DomainEventOf<(typeof marPrnOrderEvents)[number]>;

/** A PRN order's administrations that count against its limits (stream `prn-order-<orderId>`), by entry. */
export type PrnOrderState = ReadonlyMap<string, PriorPrnAdministration>;
export const initialPrnOrderState: PrnOrderState = new Map();

export function evolvePrnOrder(state: PrnOrderState, event: PrnOrderEvent): PrnOrderState {
  const next = new Map(state);
  switch (event.type) {
    case 'mar.prn-order.administration-counted': {
      const { entryId, amount, givenAt, by } = event.data;
      next.set(entryId, { at: givenAt, amount, by });
      return next;
    }
    case 'mar.prn-order.administration-withdrawn':
      next.delete(event.data.entryId);
      return next;
    default:
      return exhaustive(event);
  }
}

/**
 * What the dose's new events change on its order's stream: a dose given counts, a correction of
 * its amount or time counts anew, an entry in error no longer counts. Written with the dose's
 * events in one transaction, each stream at the version the decision read.
 */
export function prnOrderEventsFor(dose: DoseState, events: readonly DoseEvent[]): PrnOrderEvent[] {
  return events.flatMap((event): PrnOrderEvent[] => {
    switch (event.type) {
      case 'mar.prn-dose.given': {
        const { orderId, doseId, entryId, amount, at, by } = event.data;
        return [{ type: 'mar.prn-order.administration-counted', data: { orderId, doseId, entryId, amount, givenAt: at, by } }];
      }
      case 'mar.dose.amended': {
        const entry = dose.entries.find((e) => e.entryId === event.data.entryId);
        if (dose.kind !== 'prn' || !entry) return [];
        const { orderId, doseId, entryId, amount, givenAt } = event.data;
        return [{ type: 'mar.prn-order.administration-counted', data: { orderId, doseId, entryId, amount: amount ?? entry.amount!, givenAt: givenAt ?? entry.at, by: entry.by } }];
      }
      case 'mar.dose.documented-in-error': {
        if (dose.kind !== 'prn') return [];
        const { orderId, doseId, entryId, by, at } = event.data;
        return [{ type: 'mar.prn-order.administration-withdrawn', data: { orderId, doseId, entryId, by, at } }];
      }
      default:
        return [];
    }
  });
}

/** The administrations a new dose is checked against, the dose's own entries aside. */
export const priorAdministrations = (state: PrnOrderState): PriorPrnAdministration[] => [...state.values()];
