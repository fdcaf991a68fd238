import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import type { EdApplication } from '../application/ed-application.js';
import type { ReadModel } from '../projections/read-model.js';
import { toEdVisit } from './mapping.js';
import { EdVisit, Patient } from './models.js';
import { ED_APPLICATION, READ_MODEL } from './tokens.js';

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

  @ResolveField(() => [EdVisit], { description: 'The patient’s ED visits, newest first.' })
  async edVisits(@Parent() patient: Patient): Promise<EdVisit[]> {
    const rows = await this.readModel.visit.findMany({ where: { patientId: patient.id }, orderBy: { arrivedAt: 'desc' }, take: 200 });
    const now = new Date().toISOString();
    return rows.map((r) => toEdVisit(r, now, this.ed.thresholds));
  }
}
