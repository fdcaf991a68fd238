import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import type { ReadModel } from '../projections/read-model.js';
import { toAccount } from './mapping.js';
import { Encounter, HospitalAccount, Patient } from './models.js';
import { READ_MODEL } from './tokens.js';

/** The patient record's hospital accounts, joined to ADT's Patient by the gateway. */
@Resolver(() => Patient)
export class PatientAccountsResolver {
  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModel) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Patient {
    return Object.assign(new Patient(), { id: reference.id });
  }

  @ResolveField(() => [HospitalAccount], { description: 'The patient’s hospital accounts, newest first.' })
  async accounts(@Parent() patient: Patient): Promise<HospitalAccount[]> {
    const rows = await this.readModel.account.findMany({ where: { patientId: patient.id }, orderBy: { openedAt: 'desc' }, take: 200 });
    return rows.map(toAccount);
  }
}

@Resolver(() => Encounter)
export class EncounterAccountResolver {
  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModel) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Encounter {
    return Object.assign(new Encounter(), { id: reference.id });
  }

  @ResolveField(() => HospitalAccount, { nullable: true, description: 'The hospital account this encounter bills on (an ED visit and the admission it led to share one).' })
  async account(@Parent() encounter: Encounter): Promise<HospitalAccount | null> {
    const link = await this.readModel.accountEncounter.findUnique({ where: { encounterId: encounter.id } });
    if (!link) return null;
    const row = await this.readModel.account.findUnique({ where: { accountId: link.accountId } });
    return row ? toAccount(row) : null;
  }
}
