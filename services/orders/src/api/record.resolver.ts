import { Inject } from '@nestjs/common';
import { Args, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import type { ReadModel } from '../projections/read-model.js';
import { toAllergy, toOrder } from './mapping.js';
import { Allergy, Encounter, Order, Patient } from './models.js';
import { READ_MODEL } from './tokens.js';

const statusArg = {
  type: () => String,
  nullable: true,
  description: 'Only orders in this status (active, on-hold, discontinued, completed, expired, rejected); all when absent.',
} as const;

/** The patient record's orders and allergies, joined to ADT's Patient by the gateway. */
@Resolver(() => Patient)
export class PatientOrdersResolver {
  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModel) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Patient {
    return Object.assign(new Patient(), { id: reference.id });
  }

  @ResolveField(() => [Order], { description: 'Orders on any of the patient’s encounters, newest first.' })
  async orders(@Parent() patient: Patient, @Args('status', statusArg) status?: string): Promise<Order[]> {
    const rows = await this.readModel.order.findMany({ where: { patientId: patient.id, ...(status ? { status } : {}) }, orderBy: { placedAt: 'desc' }, take: 500 });
    return rows.map(toOrder);
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

  @ResolveField(() => [Order], { description: 'Orders placed on this encounter, newest first.' })
  async orders(@Parent() encounter: Encounter, @Args('status', statusArg) status?: string): Promise<Order[]> {
    const rows = await this.readModel.order.findMany({ where: { encounterId: encounter.id, ...(status ? { status } : {}) }, orderBy: { placedAt: 'desc' }, take: 500 });
    return rows.map(toOrder);
  }
}
