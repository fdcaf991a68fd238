import { Inject } from '@nestjs/common';
import { Args, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { newestFirstAfter, type Page, paginate } from '@ehr/platform';
import { connectionOf, PageArgs } from '@ehr/platform/nest';
import type { EdApplication } from '../application/ed-application.js';
import type { ReadModel } from '../projections/read-model.js';
import { toEdVisit } from './mapping.js';
import { EdVisit, Patient } from './models.js';
import { ED_APPLICATION, READ_MODEL } from './tokens.js';

const EdVisitConnection = connectionOf(EdVisit, 'ED visits');

/** The patient record's ED visits, joined to ADT's Patient by the gateway. */
@Resolver(() => Patient)
export class PatientEdVisitsResolver {
  constructor(
    @Inject(ED_APPLICATION) private readonly ed: EdApplication,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Patient {
    return Object.assign(new Patient(), { id: reference.id });
  }

  @ResolveField(() => EdVisitConnection, { description: 'The patient’s ED visits, newest arrival first, a page at a time.' })
  edVisits(@Parent() patient: Patient, @Args() page: PageArgs): Promise<Page<EdVisit>> {
    const now = new Date().toISOString();
    return paginate(page, {
      list: 'Patient.edVisits',
      keyLength: 2,
      keyOf: (visit) => [visit.arrivedAt, visit.id],
      fetch: async ({ take, after }) => {
        const rows = await this.readModel.visit.findMany({
          where: { patientId: patient.id, ...newestFirstAfter('arrivedAt', 'visitId', after) },
          orderBy: [{ arrivedAt: 'desc' }, { visitId: 'desc' }],
          take,
        });
        return rows.map((r) => toEdVisit(r, now, this.ed.thresholds));
      },
      count: () => this.readModel.visit.count({ where: { patientId: patient.id } }),
    });
  }
}
