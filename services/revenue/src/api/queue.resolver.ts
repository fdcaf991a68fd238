import { Inject } from '@nestjs/common';
import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { ReadModel } from '../projections/read-model.js';
import { agingBucket } from '../domain/work-queue.js';
import { toAccount, toWorkItem } from './mapping.js';
import { HospitalAccount, QueueCount, WorkItem } from './models.js';
import { READ_MODEL } from './tokens.js';

const today = () => new Date().toISOString().slice(0, 10);

@Resolver(() => WorkItem)
export class QueueResolver {
  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModel) {}

  @Query(() => [WorkItem], { description: 'Accounts to work, oldest first: by queue, payer, owner and aging bucket (each optional).' })
  async workQueue(
    @Args('queue', { type: () => String, nullable: true, description: 'charge-review | coding | prebill | claim-edit | rejection | follow-up | denial | self-pay' }) queue?: string,
    @Args('payer', { type: () => String, nullable: true }) payer?: string,
    @Args('owner', { type: () => String, nullable: true }) owner?: string,
    @Args('aging', { type: () => String, nullable: true, description: '0-30 | 31-60 | 61-90 | 91-120 | 121-180 | >180' }) aging?: string,
    @Args('take', { type: () => Int, defaultValue: 200 }) take?: number,
  ): Promise<WorkItem[]> {
    const rows = await this.readModel.workItem.findMany({
      where: { ...(queue ? { queue } : {}), ...(payer ? { payerId: payer } : {}), ...(owner ? { owner } : {}) },
      orderBy: [{ agingFrom: 'asc' }, { accountId: 'asc' }],
      take: Math.min(take ?? 200, 500),
    });
    const now = today();
    return rows.map((r) => toWorkItem(r, now)).filter((item) => !aging || agingBucket(item.agingFrom, now) === aging);
  }

  @Query(() => [QueueCount], { description: 'How many accounts each work queue holds.' })
  async workQueueCounts(): Promise<QueueCount[]> {
    const groups = await this.readModel.workItem.groupBy({ by: ['queue'], _count: { _all: true }, orderBy: { queue: 'asc' } });
    return groups.map((g) => Object.assign(new QueueCount(), { queue: g.queue, accounts: g._count._all }));
  }

  @ResolveField(() => HospitalAccount)
  async account(@Parent() item: WorkItem): Promise<HospitalAccount> {
    return toAccount(await this.readModel.account.findUniqueOrThrow({ where: { accountId: item.accountId } }));
  }
}
