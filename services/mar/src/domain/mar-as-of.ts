import { type DoseEvent, type DoseState, evolveDose, initialDoseState } from './dose-state.js';

/** An eMAR event as the store holds it: when it was written, beside what it says. */
export interface RecordedDoseEvent {
  recordedAt: string;
  event: DoseEvent;
}

/**
 * The MAR as it stood at `asOf`: every dose folded from the events recorded by then, in the
 * order they were recorded. Later corrections do not leak into the past, and entries marked in
 * error stay in each dose's history. Scheduled doses come by due time, then PRN doses by when given.
 */
export function marAsOf(history: readonly RecordedDoseEvent[], asOf: string): DoseState[] {
  const cutoff = Date.parse(asOf);
  const doses = new Map<string, DoseState>();
  for (const { recordedAt, event } of history) {
    if (Date.parse(recordedAt) > cutoff) continue;
    const { doseId } = event.data;
    doses.set(doseId, evolveDose(doses.get(doseId) ?? initialDoseState, event));
  }
  const sortKey = (dose: DoseState) => Date.parse(dose.dueAt ?? dose.entries[0]?.at ?? dose.wristband?.at ?? asOf);
  return [...doses.values()].sort((a, b) => sortKey(a) - sortKey(b));
}
