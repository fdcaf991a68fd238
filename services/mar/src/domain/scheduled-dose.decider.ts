import { exhaustive } from '@ehr/platform';
import { administration, checkAdministration } from './bedside-checks.js';
import { localClock, minutesBetween } from './local-time.js';
import { MarRefusedError } from './mar-errors.js';
import type { MarPolicy } from './mar-policy.js';
import { type DoseCommand, type DoseEvent, type DoseState, requireKind, requireOpen, requireReason } from './dose-state.js';
import { windowMinutes } from './timing-window.js';

/** The commands only a scheduled dose (one stream per slot of its order) answers. */
export type ScheduledDoseCommand = Extract<DoseCommand, { type: 'ScheduleDose' | 'CancelDose' | 'RestoreDose' | 'RescheduleDose' | 'GiveDose' | 'HoldDose' | 'RefuseDose' | 'RecordDoseNotGiven' }>;

/** Given inside its ISMP window, or outside it with a reason. */
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

/** The rules of a scheduled dose: planned from its order, moved, cancelled, given in its window or not given with a reason. */
export function decideScheduledDose(command: ScheduledDoseCommand, state: DoseState, policy: MarPolicy): DoseEvent[] {
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
    case 'GiveDose':
      return decideGive(command, state, policy);
    case 'HoldDose':
    case 'RefuseDose':
    case 'RecordDoseNotGiven':
      return decideNotAdministered(command, state, policy);
    default:
      return exhaustive(command);
  }
}
