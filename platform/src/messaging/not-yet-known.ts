/**
 * An event arrived before something it depends on, from another service's stream, has reached
 * this service: an order's completion before the order, a dose before the admission that opens
 * the account. That is normal on a bus where each topic is caught up on its own, not poison: the
 * consumer keeps the event, in order, in its waiting room and applies it again once `id` shows up
 * in an event this service has applied (or on the periodic pass).
 */
export class NotYetKnown extends Error {
  constructor(
    /** What kind of thing is missing, e.g. 'order', 'encounter', 'ED visit'. */
    readonly entity: string,
    /** Its id as events carry it (a stream id's suffix, `encounterId`, a field of `data`). */
    readonly id: string,
    message = `${entity} ${id} is not known yet`,
  ) {
    super(message);
    this.name = 'NotYetKnown';
  }
}

/** True for a NotYetKnown, also one thrown by another copy of this module. */
export const isNotYetKnown = (error: unknown): error is NotYetKnown =>
  error instanceof NotYetKnown || (error instanceof Error && error.name === 'NotYetKnown' && typeof (error as NotYetKnown).id === 'string');
