import type { ChargeSource, DoseQuantity, EsiLevel, OrderDetails } from '@ehr/contracts';
import { DateTime } from 'luxon';
import type { CensusDay, ObservationHours } from './census.js';
import type { Chargemaster } from './chargemaster.js';
import { ChargeCodeNotFoundError, DoseUnitMismatchError } from './revenue-errors.js';

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

/** A charge that cannot be priced or placed: held on the charge-review queue with the problem named. */
export interface ChargeHold {
  source: ChargeSource;
  chargeCode: string;
  serviceDate: string;
  quantity: number;
  /** CHARGE_CODE_NOT_FOUND, DOSE_UNIT_MISMATCH, ADMISSION_CANCELLED... */
  problem: string;
  reason: string;
}

/**
 * What capture asks of the account: post a line, reverse whatever is still posted for a
 * source, or hold a charge for review (never drop it).
 */
export type ChargeAction = { kind: 'post'; line: ChargeLine } | { kind: 'reverse'; source: ChargeSource; reason: string } | ({ kind: 'hold' } & ChargeHold);

/** A charge still standing on the account (posted and not reversed). */
export interface StandingCharge {
  chargeId: string;
  chargeCode: string;
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

/**
 * Posts the charge if the chargemaster prices it on its service date, else holds it for review:
 * a stay before the chargemaster's first rows still opens its account, and its days wait on
 * the charge-review queue instead of vanishing.
 */
export function priceOrHold(cdm: Chargemaster, chargeCode: string, serviceDate: string, quantity: number, source: ChargeSource): ChargeAction {
  return chargeOrHold(() => priceLine(cdm, chargeCode, serviceDate, quantity, source), { source, chargeCode, serviceDate, quantity });
}

/** A charge priced by `price`, or held with the pricing problem when it cannot be (no chargemaster row, no unit count). */
export function chargeOrHold(price: () => ChargeLine, charge: Omit<ChargeHold, 'problem' | 'reason'>): ChargeAction {
  try {
    return { kind: 'post', line: price() };
  } catch (error) {
    if (error instanceof ChargeCodeNotFoundError || error instanceof DoseUnitMismatchError) return { kind: 'hold', ...charge, problem: error.code, reason: error.message };
    throw error;
  }
}

export const facilityDate = (instant: string, timeZone: string): string => DateTime.fromISO(instant, { zone: timeZone }).toISODate() ?? '';

/**
 * Room and board by reconciliation: the census days ADT now implies against the day charges
 * standing (or held for review). A day whose accommodation changed (a cancelled transfer, a
 * leave of absence) is reversed and posted again at the right code; a day that is no longer a
 * census day is reversed (or its hold withdrawn); nothing else moves.
 */
export function roomAndBoardActions(days: CensusDay[], standing: StandingCharge[], cdm: Chargemaster, roomChargeCode: (revenueCode: string) => string, held: HeldDay[] = []): ChargeAction[] {
  const actions: ChargeAction[] = [];
  const roomCharges = [...standing, ...held].filter((c) => c.source.kind === 'census-day');
  const wantedCode = (d: CensusDay) => roomChargeCode(d.revenueCode);
  for (const charge of roomCharges) {
    const wanted = days.find((d) => daySource(d).id === charge.source.id);
    if (!wanted || wantedCode(wanted) !== charge.chargeCode) {
      actions.push({ kind: 'reverse', source: charge.source, reason: wanted ? `accommodation on ${charge.serviceDate} is now ${wanted.revenueCode}` : `${charge.serviceDate} is no longer a census day` });
    }
  }
  for (const d of days) {
    const posted = roomCharges.find((c) => c.source.id === daySource(d).id);
    if (!posted || posted.chargeCode !== wantedCode(d)) actions.push(priceOrHold(cdm, wantedCode(d), d.date, 1, daySource(d)));
  }
  return actions;
}

/** A held charge as reconciliation compares it: by source, chargemaster code, date and quantity. */
export type HeldDay = Pick<StandingCharge, 'chargeCode' | 'serviceDate' | 'quantity' | 'source'>;

const daySource = (d: CensusDay): ChargeSource => ({ kind: 'census-day', id: `${d.encounterId}:${d.date}` });

/** The chargemaster code of observation care: 0762 with G0378, one unit per hour. */
export const observationChargeCode = 'OBS-G0378';

/**
 * Observation hours by reconciliation, like room and board: the hours the stay now implies
 * against the encounter's observation line standing. A different count (a class change or
 * discharge corrected) reverses the line and posts the new count; no hours, no line.
 */
export function observationActions(encounterId: string, wanted: ObservationHours | null, standing: StandingCharge[], cdm: Chargemaster, held: HeldDay[] = []): ChargeAction[] {
  const source: ChargeSource = { kind: 'observation', id: encounterId };
  const posted = [...standing, ...held].find((c) => c.source.kind === 'observation' && c.source.id === encounterId);
  const same = posted !== undefined && wanted !== null && posted.quantity === wanted.hours && posted.serviceDate === wanted.date;
  if (same) return [];
  const actions: ChargeAction[] = [];
  if (posted) actions.push({ kind: 'reverse', source, reason: wanted ? `observation is now ${wanted.hours} h` : 'no observation hours stand' });
  if (wanted) actions.push(priceOrHold(cdm, observationChargeCode, wanted.date, wanted.hours, source));
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
  return priceLine(cdm, billing.chargeCode, facilityDate(dose.at, timeZone), doseUnits(dose.amount, billing), { kind: 'dose', id: dose.entryId });
}

/** HCPCS units of a dose: the dose given over the descriptor dose, rounded up, at least one. */
function doseUnits(amount: DoseQuantity, billing: DrugBilling): number {
  if (amount.unit !== billing.unitDose.unit) throw new DoseUnitMismatchError(amount.unit, billing.unitDose.unit);
  return Math.max(Math.ceil(amount.value / billing.unitDose.value - 1e-9), 1);
}

/**
 * A given dose amended on the MAR (time given, amount): its charge moves with it. The charge
 * standing is reversed and posted again on the corrected service date and units, priced on
 * that date; an amendment that changes neither (the site) moves nothing. A dose whose charge
 * is already gone (documented in error) has nothing to move.
 */
export function doseAmendmentActions(
  standing: StandingCharge | undefined,
  amendment: { amount: DoseQuantity | null; givenAt: string | null; reason: string },
  billing: DrugBilling | undefined,
  cdm: Chargemaster,
  timeZone: string,
): ChargeAction[] {
  if (!standing) return [];
  const serviceDate = amendment.givenAt ? facilityDate(amendment.givenAt, timeZone) : standing.serviceDate;
  const source = standing.source;
  let quantity = standing.quantity;
  const amount = amendment.amount;
  if (amount && billing) {
    if (amount.unit !== billing.unitDose.unit) {
      const problem = new DoseUnitMismatchError(amount.unit, billing.unitDose.unit);
      return [{ kind: 'reverse', source, reason: `dose amended: ${amendment.reason}` }, { kind: 'hold', source, chargeCode: standing.chargeCode, serviceDate, quantity, problem: problem.code, reason: problem.message }];
    }
    quantity = doseUnits(amount, billing);
  }
  if (serviceDate === standing.serviceDate && quantity === standing.quantity) return [];
  return [{ kind: 'reverse', source, reason: `dose amended: ${amendment.reason}` }, priceOrHold(cdm, standing.chargeCode, serviceDate, quantity, source)];
}

/** The charge of a dose given: J-coded in HCPCS units, any other drug once as general pharmacy; held when it cannot be priced. */
export function doseChargeAction(dose: { entryId: string; amount: DoseQuantity; at: string }, billing: DrugBilling | undefined, generalPharmacyCode: string, cdm: Chargemaster, timeZone: string): ChargeAction {
  const source: ChargeSource = { kind: 'dose', id: dose.entryId };
  const serviceDate = facilityDate(dose.at, timeZone);
  if (!billing) return priceOrHold(cdm, generalPharmacyCode, serviceDate, 1, source);
  return chargeOrHold(() => doseCharge(dose, billing, cdm, timeZone), { source, chargeCode: billing.chargeCode, serviceDate, quantity: 1 });
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
  const chargeCode = orderChargeCode(order.details, catalog);
  if (chargeCode === undefined) return null;
  return priceLine(cdm, chargeCode, facilityDate(completedAt, timeZone), 1, { kind: 'order', id: order.orderId });
}

const orderChargeCode = (details: OrderDetails, catalog: OrderCatalog): string | undefined =>
  details.kind === 'lab' ? catalog.lab[details.loinc] : details.kind === 'imaging' ? catalog.imaging[`${details.modality}:${details.study}`] : undefined;

/** The charge of a completed order, held for review when the chargemaster cannot price it that day; null when the order bills nothing. */
export function orderChargeAction(order: { orderId: string; details: OrderDetails }, completedAt: string, catalog: OrderCatalog, cdm: Chargemaster, timeZone: string): ChargeAction | null {
  const chargeCode = orderChargeCode(order.details, catalog);
  return chargeCode === undefined ? null : priceOrHold(cdm, chargeCode, facilityDate(completedAt, timeZone), 1, { kind: 'order', id: order.orderId });
}

/**
 * The hospital's documented ED facility-level guideline (CMS OPPS leaves it to each hospital):
 * here the triage acuity sets the level, posted when the patient leaves the ED.
 */
export const edLevelByEsi: Record<EsiLevel, string> = { 1: 'ED-99285', 2: 'ED-99285', 3: 'ED-99284', 4: 'ED-99283', 5: 'ED-99282' };

export function edVisitCharge(visit: { visitId: string; arrivedAt: string; esi: EsiLevel }, cdm: Chargemaster, timeZone: string): ChargeLine {
  return priceLine(cdm, edLevelByEsi[visit.esi], facilityDate(visit.arrivedAt, timeZone), 1, { kind: 'ed-visit', id: visit.visitId });
}
