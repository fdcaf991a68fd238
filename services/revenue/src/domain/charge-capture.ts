import type { ChargeSource, DoseQuantity, EsiLevel, OrderDetails } from '@ehr/contracts';
import { DateTime } from 'luxon';
import type { CensusDay, ObservationHours } from './census.js';
import type { Chargemaster } from './chargemaster.js';

/** A charge as the chargemaster prices it, before the account gives it an id. */
export interface ChargeLine {
  chargeCode: string;
  description: string;
  revenueCode: string;
  hcpcs: string | null;
  modifiers: string[];
  serviceDate: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  source: ChargeSource;
}

/** What capture asks of the account: post a line, or reverse whatever is still posted for a source. */
export type ChargeAction = { kind: 'post'; line: ChargeLine } | { kind: 'reverse'; source: ChargeSource; reason: string };

/** A charge still standing on the account (posted and not reversed). */
export interface StandingCharge {
  chargeId: string;
  revenueCode: string;
  serviceDate: string;
  quantity: number;
  source: ChargeSource;
}

export function priceLine(cdm: Chargemaster, chargeCode: string, serviceDate: string, quantity: number, source: ChargeSource): ChargeLine {
  const row = cdm.lookup(chargeCode, serviceDate);
  return {
    chargeCode,
    description: row.description,
    revenueCode: row.revenueCode,
    hcpcs: row.hcpcs,
    modifiers: row.modifiers,
    serviceDate,
    quantity,
    unitPriceCents: row.priceCents,
    amountCents: row.priceCents * quantity,
    source,
  };
}

export const facilityDate = (instant: string, timeZone: string): string => DateTime.fromISO(instant, { zone: timeZone }).toISODate() ?? '';

/**
 * Room and board by reconciliation: the census days ADT now implies against the day charges
 * standing. A day whose accommodation changed (a cancelled transfer) is reversed and posted
 * again at the right code; a day that is no longer a census day is reversed; nothing else moves.
 */
export function roomAndBoardActions(days: CensusDay[], standing: StandingCharge[], cdm: Chargemaster, roomChargeCode: (revenueCode: string) => string): ChargeAction[] {
  const actions: ChargeAction[] = [];
  const roomCharges = standing.filter((c) => c.source.kind === 'census-day');
  for (const charge of roomCharges) {
    const wanted = days.find((d) => daySource(d).id === charge.source.id);
    if (!wanted || wanted.revenueCode !== charge.revenueCode) {
      actions.push({ kind: 'reverse', source: charge.source, reason: wanted ? `accommodation on ${charge.serviceDate} is now ${wanted.revenueCode}` : `${charge.serviceDate} is no longer a census day` });
    }
  }
  for (const d of days) {
    const posted = roomCharges.find((c) => c.source.id === daySource(d).id);
    if (!posted || posted.revenueCode !== d.revenueCode) actions.push({ kind: 'post', line: priceLine(cdm, roomChargeCode(d.revenueCode), d.date, 1, daySource(d)) });
  }
  return actions;
}

const daySource = (d: CensusDay): ChargeSource => ({ kind: 'census-day', id: `${d.encounterId}:${d.date}` });

/** The chargemaster code of observation care: 0762 with G0378, one unit per hour. */
export const observationChargeCode = 'OBS-G0378';

/**
 * Observation hours by reconciliation, like room and board: the hours the stay now implies
 * against the encounter's observation line standing. A different count (a class change or
 * discharge corrected) reverses the line and posts the new count; no hours, no line.
 */
export function observationActions(encounterId: string, wanted: ObservationHours | null, standing: StandingCharge[], cdm: Chargemaster): ChargeAction[] {
  const source: ChargeSource = { kind: 'observation', id: encounterId };
  const posted = standing.find((c) => c.source.kind === 'observation' && c.source.id === encounterId);
  const same = posted !== undefined && wanted !== null && posted.quantity === wanted.hours && posted.serviceDate === wanted.date;
  if (same) return [];
  const actions: ChargeAction[] = [];
  if (posted) actions.push({ kind: 'reverse', source, reason: wanted ? `observation is now ${wanted.hours} h` : 'no observation hours stand' });
  if (wanted) actions.push({ kind: 'post', line: priceLine(cdm, observationChargeCode, wanted.date, wanted.hours, source) });
  return actions;
}

/** How a drug bills: its chargemaster code and the dose one HCPCS unit stands for (J1100: 1 mg). */
export interface DrugBilling {
  chargeCode: string;
  unitDose: DoseQuantity;
}

/**
 * Pharmacy is charged when the dose is given (MAR), never when dispensed. HCPCS units are the
 * dose given over the HCPCS descriptor dose, rounded up.
 */
export function doseCharge(dose: { entryId: string; amount: DoseQuantity; at: string }, billing: DrugBilling, cdm: Chargemaster, timeZone: string): ChargeLine {
  if (dose.amount.unit !== billing.unitDose.unit) {
    throw new Error(`dose in ${dose.amount.unit} cannot be billed against a HCPCS unit of ${billing.unitDose.unit}`);
  }
  const units = Math.ceil(dose.amount.value / billing.unitDose.value - 1e-9);
  return priceLine(cdm, billing.chargeCode, facilityDate(dose.at, timeZone), Math.max(units, 1), { kind: 'dose', id: dose.entryId });
}

/** The correction of a given dose: its charge goes, and the corrected amount (if any) is charged on the original service date. */
export function doseCorrectionActions(entryId: string, reason: string, corrected: ChargeLine | null): ChargeAction[] {
  const reverse: ChargeAction = { kind: 'reverse', source: { kind: 'dose', id: entryId }, reason };
  return corrected ? [reverse, { kind: 'post', line: corrected }] : [reverse];
}

/** The chargemaster code of each orderable: lab by LOINC, imaging by modality and study. */
export interface OrderCatalog {
  lab: Record<string, string>;
  imaging: Record<string, string>;
}

/** Lab and imaging are charged when the order is completed (specimen collected, exam done). */
export function orderCharge(order: { orderId: string; details: OrderDetails }, completedAt: string, catalog: OrderCatalog, cdm: Chargemaster, timeZone: string): ChargeLine | null {
  const { details } = order;
  const chargeCode = details.kind === 'lab' ? catalog.lab[details.loinc] : details.kind === 'imaging' ? catalog.imaging[`${details.modality}:${details.study}`] : undefined;
  if (chargeCode === undefined) return null;
  return priceLine(cdm, chargeCode, facilityDate(completedAt, timeZone), 1, { kind: 'order', id: order.orderId });
}

/**
 * The hospital's documented ED facility-level guideline (CMS OPPS leaves it to each hospital):
 * here the triage acuity sets the level, posted when the patient leaves the ED.
 */
export const edLevelByEsi: Record<EsiLevel, string> = { 1: 'ED-99285', 2: 'ED-99285', 3: 'ED-99284', 4: 'ED-99283', 5: 'ED-99282' };

export function edVisitCharge(visit: { visitId: string; arrivedAt: string; esi: EsiLevel }, cdm: Chargemaster, timeZone: string): ChargeLine {
  return priceLine(cdm, edLevelByEsi[visit.esi], facilityDate(visit.arrivedAt, timeZone), 1, { kind: 'ed-visit', id: visit.visitId });
}
