import { Inject } from '@nestjs/common';
import { Args, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { newestFirstAfter, type Page, paginate } from '@ehr/platform';
import { connectionOf, PageArgs } from '@ehr/platform/nest';
import type { ReadModel } from '../projections/read-model.js';
import { toAllergy, toOrder } from './mapping.js';
import { Allergy, Encounter, Order, Patient } from './models.js';
import { READ_MODEL } from './tokens.js';

const statusArg = {
  type: () => String,
  nullable: true,
  description: 'Only orders in this status (active, on-hold, discontinued, completed, expired, rejected); all when absent.',
} as const;

const OrderConnection = connectionOf(Order, 'orders');

/** A page of orders, newest placed first: a patient's (by patientId) or one encounter's (by encounterId). */
function ordersPage(readModel: ReadModel, list: string, of: { patientId: string } | { encounterId: string }, status: string | undefined, page: PageArgs): Promise<Page<Order>> {
  const where = { ...of, ...(status ? { status } : {}) };
  return paginate(page, {
    list,
    keyLength: 2,
    keyOf: (order) => [order.placedAt, order.id],
    fetch: async ({ take, after }) => {
      const rows = await readModel.order.findMany({ where: { ...where, ...newestFirstAfter('placedAt', 'orderId', after) }, orderBy: [{ placedAt: 'desc' }, { orderId: 'desc' }], take });
      return rows.map(toOrder);
    },
    count: () => readModel.order.count({ where }),
  });
}

/** The patient record's orders and allergies, joined to ADT's Patient by the gateway. */
@Resolver(() => Patient)
export class PatientOrdersResolver {
  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModel) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Patient {
    return Object.assign(new Patient(), { id: reference.id });
  }

  @ResolveField(() => OrderConnection, { description: 'Orders on any of the patient’s encounters, newest placed first, a page at a time.' })
  orders(@Parent() patient: Patient, @Args() page: PageArgs, @Args('status', statusArg) status?: string): Promise<Page<Order>> {
    return ordersPage(this.readModel, 'Patient.orders', { patientId: patient.id }, status, page);
  }

  @ResolveField(() => [Allergy], { description: 'The allergy list order entry checks against; empty means none recorded, not "no known allergies".' })
  async allergies(@Parent() patient: Patient): Promise<Allergy[]> {
    const rows = await this.readModel.allergy.findMany({ where: { patientId: patient.id }, orderBy: { recordedAt: 'asc' } });
    return rows.map(toAllergy);
  }
}

@Resolver(() => Encounter)
export class EncounterOrdersResolver {
  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModel) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Encounter {
    return Object.assign(new Encounter(), { id: reference.id });
  }

  @ResolveField(() => OrderConnection, { description: 'Orders placed on this encounter, newest placed first, a page at a time.' })
  orders(@Parent() encounter: Encounter, @Args() page: PageArgs, @Args('status', statusArg) status?: string): Promise<Page<Order>> {
    return ordersPage(this.readModel, 'Encounter.orders', { encounterId: encounter.id }, status, page);
  }
}
