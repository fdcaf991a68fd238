import type { MedicationOrderDetails, OrderDetails, OrderKind } from '@ehr/contracts';
import { doseUnitsFor, type FormularyDrug as Drug } from '../domain/formulary.js';
import { fhirOrderStatus, type PlacedStatus } from '../domain/order-status.js';
import type { Verification } from '../domain/order.decider.js';
import type { Allergy as AllergyRow, Order as OrderRow } from '../generated/prisma/client.js';
import { Allergy, FormularyDrug, MedicationDetails, Order, type OverriddenAlert } from './models.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const toMedication = (d: MedicationOrderDetails): MedicationDetails => {
  const f = d.frequency;
  return Object.assign(new MedicationDetails(), {
    drugId: d.drugId,
    drugName: d.drugName,
    dose: d.dose,
    route: d.route,
    frequency: {
      type: f.type,
      code: 'code' in f ? f.code : null,
      times: f.type === 'scheduled' ? f.times : null,
      minIntervalMinutes: f.type === 'prn' ? f.minIntervalMinutes : null,
      maxPer24h: f.type === 'prn' ? f.maxPer24h : null,
      indication: f.type === 'prn' ? f.indication : null,
    },
    timeCritical: d.timeCritical,
    highAlert: d.highAlert,
    controlledSchedule: d.controlledSchedule,
    indication: d.indication,
    instructions: d.instructions,
  });
};

export const toOrder = (r: OrderRow): Order => {
  // The projection wrote the placed event's validated details; the kind says which shape.
  const details = r.details as OrderDetails;
  const fhir = fhirOrderStatus(r.kind as OrderKind, r.status as PlacedStatus, r.verification as Verification);
  return Object.assign(new Order(), {
    id: r.orderId,
    patientId: r.patientId,
    encounterId: r.encounterId,
    kind: r.kind,
    status: r.status,
    verification: r.verification,
    fhirResourceType: fhir.resourceType,
    fhirStatus: fhir.status,
    priority: r.priority,
    summary: r.summary,
    medication: details.kind === 'medication' ? toMedication(details) : null,
    orderedBy: r.orderedBy,
    placedAt: r.placedAt.toISOString(),
    startAt: r.startAt.toISOString(),
    stopAt: iso(r.stopAt),
    alertsOverridden: r.alertsOverridden as unknown as OverriddenAlert[],
    reviewPending: r.reviewReason !== null,
    reviewReason: r.reviewReason,
    reviewNote: r.reviewNote,
    givenBeforeVerification: r.givenBeforeVerification,
    verifiedBy: r.verifiedBy,
    endedAt: iso(r.endedAt),
    endedReason: r.endedReason,
  });
};

export const toAllergy = (r: AllergyRow): Allergy =>
  Object.assign(new Allergy(), {
    id: r.allergyId,
    patientId: r.patientId,
    substanceCode: r.substanceCode,
    substance: r.substanceDisplay,
    reaction: r.reaction,
    criticality: r.criticality,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt.toISOString(),
  });

export const toFormularyDrug = (d: Drug): FormularyDrug =>
  Object.assign(new FormularyDrug(), {
    id: d.drugId,
    name: d.name,
    doseUnits: doseUnitsFor(d),
    routes: d.routes,
    therapeuticClass: d.therapeuticClass,
    highAlert: d.highAlert,
    controlledSchedule: d.controlledSchedule,
    timeCritical: d.timeCritical,
  });
