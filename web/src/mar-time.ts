/**
 * The day of an instant on the unit's clock, so yesterday's dose never reads as today's ("Sun 6 Dec").
 * The unit's offset comes from the service's own local time for that instant ("19:22 EST"), not from
 * the workstation's zone, which may differ.
 */
export function dayOf(iso: string, local: string): string {
  const at = new Date(iso);
  const [hours, minutes] = local.split(' ')[0]!.split(':').map(Number);
  let offset = (hours! * 60 + minutes! - (at.getUTCHours() * 60 + at.getUTCMinutes()) + 1440) % 1440;
  if (offset > 720) offset -= 1440;
  return new Date(at.getTime() + offset * 60_000).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** An instant with its date, time and zone on this workstation's clock: "Mon 7 Dec, 14:05 UTC". */
export const dateTime = (iso: string | null): string =>
  iso ? new Date(iso).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }) : '—';

/** A dose's documentation as the nurse reads it: who, what and when, with the date. */
export interface DocumentedEntry {
  outcome: string;
  by: string;
  at: string;
  atLocal: string;
  inError: { reason: string } | null;
}

/** The entry that stands: the last one not struck through as documented in error. */
export const standingEntry = <E extends DocumentedEntry>(entries: E[]): E | undefined => entries.findLast((e) => e.inError === null);

/** "Given Mon 7 Dec 14:05 EST by nurse" */
export function entryText(status: string, entry: DocumentedEntry | undefined): string {
  const word = status === 'not-given' ? 'Not given' : status[0]!.toUpperCase() + status.slice(1);
  return `${word} ${entry ? `${dayOf(entry.at, entry.atLocal)} ${entry.atLocal} by ${entry.by}` : ''}`.trim();
}

/** A due time on the unit clock with its day: "Mon 7 Dec 16:50 EST". */
export const dueText = (dose: { dueAt: string | null; dueLocal: string | null }): string => (dose.dueAt && dose.dueLocal ? `${dayOf(dose.dueAt, dose.dueLocal)} ${dose.dueLocal}` : 'PRN');

/**
 * When an as-needed order was last given, on the unit clock like the next allowed time beside it:
 * read from the PRN dose documented this shift; an older one is shown on this workstation's clock,
 * with its zone, rather than passed off as unit time.
 */
export function lastGivenText(order: { orderId: string; lastGivenAt: string | null }, doses: Array<{ orderId: string; status: string; entries: DocumentedEntry[] }>): string {
  if (!order.lastGivenAt) return 'never';
  const entry = doses
    .filter((d) => d.orderId === order.orderId && d.status === 'given')
    .map((d) => standingEntry(d.entries))
    .filter((e): e is DocumentedEntry => e !== undefined)
    .sort((a, b) => a.at.localeCompare(b.at))
    .at(-1);
  return entry ? `${dayOf(entry.at, entry.atLocal)} ${entry.atLocal}` : dateTime(order.lastGivenAt);
}
