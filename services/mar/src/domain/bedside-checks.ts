import type { VerificationOverride } from './dose-state.js';
import { exhaustive } from '@ehr/platform';
import { type AmountChecked, checkAmount, checkWaste } from './dose-amount.js';
import {
  type Administration,
  current,
  type DoseCommand,
  type DoseEntry,
  type DoseEvent,
  type DoseState,
  requireOpen,
  requireReason,
  requireSameOrder,
} from './dose-state.js';
import { localClock } from './local-time.js';
import { MarRefusedError } from './mar-errors.js';
import { type MarOrder, requireAdministrable } from './mar-order.js';
import type { MarPolicy } from './mar-policy.js';
import { patientOnWristband } from './wristband.js';
import { requireEncounterOpen } from './encounter-on-mar.js';

/** Scans count for the nurse who made them: another user's scans do not stand for hers. */
function requireOwnScan(scan: { by: string; at: string }, what: 'wristband' | 'package', by: string): void {
  if (scan.by !== by) {
    throw new MarRefusedError('SCANNED_BY_ANOTHER_USER', `The ${what} was scanned by ${scan.by}, not by you. Scan the ${what} yourself before documenting; nothing was documented.`, { scannedBy: scan.by, what });
  }
}

/** A scan older than the policy allows is repeated: the nurse may have left the bedside since. */
function requireFreshScan(scan: { at: string }, what: 'wristband' | 'package', at: string, policy: MarPolicy): void {
  const age = (Date.parse(at) - Date.parse(scan.at)) / 60_000;
  if (age > policy.scanValidMinutes) {
    throw new MarRefusedError('SCAN_EXPIRED', `The ${what} was scanned ${Math.floor(age)} min ago; a scan counts for ${policy.scanValidMinutes} min. Scan it again at the bedside.`, { what, scannedAt: scan.at });
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
      const shown = wristband.shownAs ?? { scanned, open: patientId };
      throw new MarRefusedError(
        'WRONG_PATIENT',
        `STOP: wrong patient. Wristband does not match the open patient: this wristband is ${shown.scanned}, the dose is for ${shown.open}. Nothing was documented and this dose stays with ${shown.open}; do not give it.`,
        { scannedPatientId: scanned, openPatientId: patientId, scanned: shown.scanned, open: shown.open },
      );
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
  if (state.wristband === null || state.wristband.by !== command.by) throw new MarRefusedError('WRISTBAND_NOT_VERIFIED', "Scan the patient's wristband first, then the medication.", { doseId: command.doseId });
  requireFreshScan(state.wristband, 'wristband', command.at, policy);
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
export function checkAdministration(command: Administration, state: DoseState, policy: MarPolicy): AdministrationChecked {
  const { order } = command;
  requireSameOrder(state, order);
  const verificationOverride = order.verifiedAt === null ? (state.product?.verificationOverride ?? null) : null;
  requireEncounterOpen(command.encounter);
  requireAdministrable(order, command.at, policy.zone, verificationOverride !== null);
  if (state.wristband === null) throw new MarRefusedError('WRISTBAND_NOT_VERIFIED', "Scan the patient's wristband before documenting the dose.", { doseId: command.doseId });
  if (state.product === null) throw new MarRefusedError('PRODUCT_NOT_VERIFIED', 'Scan the medication package before documenting the dose.', { doseId: command.doseId });
  requireOwnScan(state.wristband, 'wristband', command.by);
  requireOwnScan(state.product, 'package', command.by);
  requireFreshScan(state.wristband, 'wristband', command.at, policy);
  requireFreshScan(state.product, 'package', command.at, policy);
  const { details } = order;
  if (command.route !== details.route) {
    throw new MarRefusedError('WRONG_ROUTE', `${details.drugName} is ordered ${details.route}, not ${command.route}.`, { ordered: details.route, documented: command.route });
  }
  const checked = checkAmount(command, { ...details, controlled: details.controlledSchedule !== null }, state.product);
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

export function administration(command: Administration, checked: AdministrationChecked) {
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

function requireCurrentEntry(state: DoseState, entryId: string): DoseEntry {
  const entry = state.entries.find((e) => e.entryId === entryId);
  if (!entry) throw new MarRefusedError('ENTRY_NOT_FOUND', `There is no entry ${entryId} on this dose.`, { doseId: state.doseId, entryId });
  if (entry !== current(state)) throw new MarRefusedError('ENTRY_NOT_CURRENT', 'That entry is already marked in error; only the current entry can be corrected.', { doseId: state.doseId, entryId });
  return entry;
}

/** Corrections of an entry, the same for scheduled and as-needed doses: kept beside the entry, never in its place. */
/** A corrected time given is in the past, and not before the order it was given on started. */
function requirePlausibleGivenAt(givenAt: string, now: string, order: MarOrder, zone: string): void {
  if (Date.parse(givenAt) > Date.parse(now)) {
    throw new MarRefusedError('GIVEN_AT_IN_FUTURE', `A dose cannot have been given at ${localClock(zone, givenAt)}: that is later than now (${localClock(zone, now)}).`, { field: 'givenAt' });
  }
  if (Date.parse(givenAt) < Date.parse(order.start)) {
    throw new MarRefusedError('GIVEN_AT_BEFORE_ORDER', `A dose cannot have been given at ${localClock(zone, givenAt)}: the order started at ${localClock(zone, order.start)}.`, { field: 'givenAt', orderStart: order.start });
  }
}

export function decideCorrection(command: Extract<DoseCommand, { type: 'MarkEnteredInError' | 'AmendAdministration' }>, state: DoseState, zone: string): DoseEvent[] {
  const entry = requireCurrentEntry(state, command.entryId);
  if (command.type === 'MarkEnteredInError') {
    return [
      {
        type: 'mar.dose.documented-in-error',
        data: { doseId: command.doseId, entryId: entry.entryId, orderId: state.orderId, reason: requireReason(command.reason), by: command.by, at: command.at },
      },
    ];
  }
  if (entry.outcome !== 'given') throw new MarRefusedError('NOT_A_GIVEN_ENTRY', `Only a "given" entry can be amended; mark this ${entry.outcome} entry in error instead.`);
  if (command.amount === null && command.site === null && command.givenAt === null) throw new MarRefusedError('NOTHING_TO_AMEND', 'Say what to correct: amount, site or time given.');
  if (command.amount !== null && (!Number.isFinite(command.amount.value) || command.amount.value <= 0)) {
    throw new MarRefusedError('INVALID_AMOUNT', `The amount given must be more than 0 (got ${command.amount.value} ${command.amount.unit}).`, { field: 'amount' });
  }
  if (command.givenAt !== null) requirePlausibleGivenAt(command.givenAt, command.at, command.order, zone);
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

/** The bedside scans, the same for scheduled and as-needed doses. */
export function decideScan(command: Extract<DoseCommand, { type: 'VerifyWristband' | 'VerifyProduct' }>, state: DoseState, policy: MarPolicy): DoseEvent[] {
  switch (command.type) {
    case 'VerifyWristband':
      return decideWristband(command, state, policy);
    case 'VerifyProduct':
      return decideProduct(command, state, policy);
    default:
      return exhaustive(command);
  }
}
