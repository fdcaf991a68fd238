import { Inject } from '@nestjs/common';
import { Args, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { newestFirstAfter, type Page, paginate } from '@ehr/platform';
import { connectionOf, PageArgs } from '@ehr/platform/nest';
import type { ReadModel } from '../projections/read-model.js';
import { toAccount } from './mapping.js';
import { Encounter, HospitalAccount, Patient } from './models.js';
import { READ_MODEL } from './tokens.js';

const HospitalAccountConnection = connectionOf(HospitalAccount, 'hospital accounts');

/** The patient record's hospital accounts, joined to ADT's Patient by the gateway. */
@Resolver(() => Patient)
export class PatientAccountsResolver {
  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModel) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Patient {
    return Object.assign(new Patient(), { id: reference.id });
  }

  @ResolveField(() => HospitalAccountConnection, { description: 'The patient’s hospital accounts, newest opened first, a page at a time.' })
  accounts(@Parent() patient: Patient, @Args() page: PageArgs): Promise<Page<HospitalAccount>> {
    return paginate(page, {
      list: 'Patient.accounts',
      keyLength: 2,
      keyOf: (account) => [account.openedAt, account.id],
      fetch: async ({ take, after }) => {
        const rows = await this.readModel.account.findMany({
          where: { patientId: patient.id, ...newestFirstAfter('openedAt', 'accountId', after) },
          orderBy: [{ openedAt: 'desc' }, { accountId: 'desc' }],
          take,
        });
        return rows.map(toAccount);
      },
      count: () => this.readModel.account.count({ where: { patientId: patient.id } }),
    });
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
