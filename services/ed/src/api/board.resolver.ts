import { Inject } from '@nestjs/common';
import { Args, ID, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { z } from 'zod';
import { edStatus } from '@ehr/contracts';
import { DomainError } from '@ehr/platform';
import type { EdApplication } from '../application/ed-application.js';
import { admitDecisionToDeparture, doorToProvider, ecat, leftWithoutBeingSeenRate, op18 } from '../domain/measures.js';
import type { ReadModel } from '../projections/read-model.js';
import { instant, oneOf } from './inputs.js';
import { stateOf, toEdVisit } from './mapping.js';
import { EdBoard, EdBoardFilter, EdMeasures, EdVisit } from './models.js';
import { ED_APPLICATION, READ_MODEL } from './tokens.js';

@Resolver(() => EdVisit)
export class BoardResolver {
  constructor(
    @Inject(ED_APPLICATION) private readonly ed: EdApplication,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  @Query(() => EdBoard, { description: 'The tracking board: one row per patient with clocks read now; the look-up view keeps departed visits for the configured hours.' })
  async edBoard(@Args('filter', { type: () => EdBoardFilter, nullable: true }) filter: EdBoardFilter | undefined): Promise<EdBoard> {
    const now = new Date();
    const view = oneOf(z.enum(['active', 'look-up']), filter?.view ?? 'active', 'filter.view');
    const lookUpSince = new Date(now.getTime() - this.ed.thresholds.lookUpHours * 3_600_000);
    const statuses = filter?.status?.map((s, i) => oneOf(edStatus, s, `filter.status.${i}`));
    const rows = await this.readModel.visit.findMany({
      where: {
        departedAt: view === 'active' ? null : { gt: lookUpSince },
        ...(filter?.esi?.length ? { esi: { in: filter.esi } } : {}),
        ...(statuses?.length ? { status: { in: statuses } } : {}),
        ...(filter?.providerId ? { providerId: filter.providerId } : {}),
        ...(filter?.nurseId ? { nurseId: filter.nurseId } : {}),
        ...(filter?.withoutProvider ? { providerId: null } : {}),
      },
      // Most urgent first (not yet triaged after ESI 5: they still need a nurse's eye), then who came first.
      orderBy: view === 'active' ? [{ esi: { sort: 'asc', nulls: 'last' } }, { arrivedAt: 'asc' }] : [{ departedAt: 'desc' }],
      take: 500,
    });
    const asOf = now.toISOString();
    return Object.assign(new EdBoard(), { asOf, visits: rows.map((r) => toEdVisit(r, asOf, this.ed.thresholds)) });
  }

  @Query(() => EdVisit, { nullable: true })
  async edVisit(@Args('id', { type: () => ID }) id: string): Promise<EdVisit | null> {
    const row = await this.readModel.visit.findUnique({ where: { visitId: id } });
    return row ? toEdVisit(row, new Date().toISOString(), this.ed.thresholds) : null;
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): Promise<EdVisit | null> {
    return this.edVisit(reference.id);
  }

  @Query(() => EdMeasures, { description: 'OP-18, door-to-provider, ED-2, OP-22 and ECAT over the visits that departed from `from` (inclusive) to `to` (exclusive).' })
  async edMeasures(@Args('from') from: string, @Args('to') to: string): Promise<EdMeasures> {
    const period = { from: instant(from, 'from'), to: instant(to, 'to') };
    if (Date.parse(period.to) <= Date.parse(period.from)) throw new DomainError('INVALID_INPUT', `to must be after from (got ${from} to ${to})`, { field: 'to' });
    const rows = await this.readModel.visit.findMany({ where: { departedAt: { gte: new Date(period.from), lt: new Date(period.to) } } });
    const visits = rows.map(stateOf);
    const rule = this.ed.admissionDecisionRule;
    return Object.assign(new EdMeasures(), {
      ...period,
      arrivalToDeparture: op18(visits, period),
      doorToProvider: doorToProvider(visits, period),
      admitDecisionToDeparture: admitDecisionToDeparture(visits, period, rule),
      admissionDecisionRule: rule,
      leftWithoutBeingSeen: leftWithoutBeingSeenRate(visits, period),
      ecat: ecat(visits, period, this.ed.thresholds),
    });
  }
}
