import type { DocumentedEntry } from './mar-time';

/** A dose on a patient's MAR for the shift, as the chart and the handoff read it. */
export interface ShiftDose {
  id: string;
  kind: string;
  orderId: string;
  drugName: string;
  dose: string;
  route: string;
  schedule: string;
  dueAt: string | null;
  dueLocal: string | null;
  status: string;
  timing: string | null;
  highAlert: boolean;
  entries: DocumentedEntry[];
}

/** An as-needed order, with when it was last given and may next be. */
export interface ShiftPrnOrder {
  orderId: string;
  drugName: string;
  dose: string;
  indication: string;
  lastGivenAt: string | null;
  nextEligibleLocal: string | null;
}

export interface MarShiftAnswer {
  marForShift: { shiftStart: string; shiftEnd: string; doses: ShiftDose[]; prnOrders: ShiftPrnOrder[] };
}

/** One query for the shift's MAR, so the chart and the handoff share one answer (and one cache entry). */
export const marShiftQuery =
  'query($p: ID!) { marForShift(patientId: $p) { shiftStart shiftEnd doses { id kind orderId drugName dose route schedule dueAt dueLocal status timing highAlert entries { outcome by at atLocal inError { reason } } } prnOrders { orderId drugName dose indication lastGivenAt nextEligibleLocal } } }';
