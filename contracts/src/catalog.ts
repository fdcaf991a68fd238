import type { DomainEventOf, EventDefinition } from './registry.js';
import { adtAttendingEvents } from './events/adt-attending.events.js';
import { adtBedEvents } from './events/adt-bed.events.js';
import { adtBedRequestEvents } from './events/adt-bed-request.events.js';
import { adtEncounterEvents } from './events/adt-encounter.events.js';
import { adtPatientEvents } from './events/adt-patient.events.js';
import { adtUnitEvents } from './events/adt-unit.events.js';
import { ordersAllergyEvents } from './events/orders-allergy.events.js';
import { ordersOrderEvents } from './events/orders-order.events.js';
import { marEvents } from './events/mar.events.js';
import { marPrnOrderEvents } from './events/mar-prn-order.events.js';
import { edEvents } from './events/ed.events.js';
import { revenueEvents } from './events/revenue.events.js';

/**
 * Every published event type, by service. Each service adds its definitions here as it is
 * built, so the JSON Schema export and every reader see the same language.
 */
export const eventCatalog: Record<string, readonly EventDefinition[]> = {
  adt: [...adtPatientEvents, ...adtBedEvents, ...adtEncounterEvents, ...adtBedRequestEvents, ...adtUnitEvents, ...adtAttendingEvents],
  orders: [...ordersOrderEvents, ...ordersAllergyEvents],
  mar: [...marEvents, ...marPrnOrderEvents],
  ed: [...edEvents],
  revenue: [...revenueEvents],
};

/** Every ADT event as its consumers see it: one union of type and data, to narrow with Extract. */
export type AdtEvent = DomainEventOf<
  (typeof adtPatientEvents)[number] | (typeof adtBedEvents)[number] | (typeof adtEncounterEvents)[number] | (typeof adtBedRequestEvents)[number] | (typeof adtUnitEvents)[number] | (typeof adtAttendingEvents)[number]
>;
