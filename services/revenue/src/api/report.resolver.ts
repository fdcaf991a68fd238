import { Inject } from '@nestjs/common';
import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError } from '@ehr/platform';
import { lookUpDiagnoses } from '../domain/diagnosis-lookup.js';
import { agingBucket } from '../domain/work-queue.js';
import type { ReadModel } from '../projections/read-model.js';
import { Encounter, HospitalAccount, Patient } from './models.js';
import { ArAgingBucket, DenialCategoryCount, DenialReport, DiagnosisCode, PayerDenialRate, RemittancePayment } from './report.models.js';
import { READ_MODEL } from './tokens.js';

const buckets = ['0-30', '31-60', '61-90', '91-120', '121-180', '>180'] as const;
const today = () => new Date().toISOString().slice(0, 10);
const calendarDate = (value: string | undefined, field: string): Date | undefined => {
  if (value === undefined || value === null) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new DomainError('INVALID_INPUT', `${field} must be a date YYYY-MM-DD (got "${value}")`, { field });
  return new Date(`${value}T00:00:00Z`);
};

/** The revenue reports (A/R aging, denial rates), the diagnosis look-up, and what an account links to for the office screens. */
@Resolver(() => HospitalAccount)
export class ReportResolver {
  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModel) {}

  @Query(() => [ArAgingBucket], { description: 'Unpaid accounts in work queues by aging bucket: count and amount, every bucket listed.' })
  async arAging(): Promise<ArAgingBucket[]> {
    const rows = await this.readModel.workItem.findMany({ select: { agingFrom: true, amountCents: true } });
    const now = today();
    const totals = new Map(buckets.map((b) => [b as string, { accounts: 0, amountCents: 0 }]));
    for (const row of rows) {
      const total = totals.get(agingBucket(row.agingFrom.toISOString().slice(0, 10), now))!;
      total.accounts += 1;
      total.amountCents += Number(row.amountCents);
    }
    return buckets.map((bucket) => Object.assign(new ArAgingBucket(), { bucket, ...totals.get(bucket)! }));
  }

  @Query(() => DenialReport, { description: 'Denial rate by payer (claims adjudicated, claims denied) and denials by payer and category, for claims sent in [from, to).' })
  async denialReport(
    @Args('from', { type: () => String, nullable: true, description: 'YYYY-MM-DD, inclusive' }) from?: string,
    @Args('to', { type: () => String, nullable: true, description: 'YYYY-MM-DD, exclusive' }) to?: string,
  ): Promise<DenialReport> {
    const gte = calendarDate(from, 'from');
    const lt = calendarDate(to, 'to');
    const claims = await this.readModel.claim.findMany({
      where: { payerClaimNumber: { not: null }, ...(gte || lt ? { createdAt: { ...(gte ? { gte } : {}), ...(lt ? { lt } : {}) } } : {}) },
      select: { accountId: true, payerId: true, status: true, payerClaimNumber: true },
    });
    const denials = await this.readModel.denial.findMany({ where: { accountId: { in: [...new Set(claims.map((c) => c.accountId))] } } });
    const payerOf = new Map(claims.map((c) => [`${c.accountId}:${c.payerClaimNumber}`, c.payerId]));
    const rates = new Map<string, { adjudicated: number; denied: number }>();
    for (const claim of claims) {
      const rate = rates.get(claim.payerId) ?? { adjudicated: 0, denied: 0 };
      rate.adjudicated += 1;
      if (claim.status === 'denied') rate.denied += 1;
      rates.set(claim.payerId, rate);
    }
    const categories = new Map<string, DenialCategoryCount>();
    for (const denial of denials) {
      const payerId = payerOf.get(`${denial.accountId}:${denial.payerClaimNumber}`);
      if (!payerId) continue;
      const key = `${payerId}:${denial.category}`;
      const count = categories.get(key) ?? Object.assign(new DenialCategoryCount(), { payerId, category: denial.category, denials: 0, amountCents: 0 });
      count.denials += 1;
      count.amountCents += Number(denial.amountCents);
      categories.set(key, count);
    }
    return Object.assign(new DenialReport(), {
      payers: [...rates].sort(([a], [b]) => a.localeCompare(b)).map(([payerId, r]) => Object.assign(new PayerDenialRate(), { payerId, ...r, rate: r.adjudicated === 0 ? 0 : r.denied / r.adjudicated })),
      categories: [...categories.values()].sort((a, b) => a.payerId.localeCompare(b.payerId) || b.denials - a.denials),
    });
  }

  @Query(() => [DiagnosisCode], { description: 'ICD-10-CM codes by the beginning of the code or by words of the title (a small seeded list, CMS FY2025 titles).' })
  diagnosisCodes(@Args('search') search: string): DiagnosisCode[] {
    if (search.length > 100) throw new DomainError('INVALID_INPUT', 'search must be at most 100 characters', { field: 'search' });
    return lookUpDiagnoses(search).map((d) => Object.assign(new DiagnosisCode(), d));
  }

  @ResolveField(() => Patient, { description: 'The patient billed (ADT’s Patient: name, MRN, address).' })
  patient(@Parent() account: HospitalAccount): Patient {
    return Object.assign(new Patient(), { id: account.patientId });
  }

  @ResolveField(() => [Encounter], { description: 'The encounters the account bills for (ADT’s: class history, attending, discharge disposition).' })
  async encounters(@Parent() account: HospitalAccount): Promise<Encounter[]> {
    const links = await this.readModel.accountEncounter.findMany({ where: { accountId: account.id }, orderBy: { encounterId: 'asc' } });
    return links.map((l) => Object.assign(new Encounter(), { id: l.encounterId }));
  }

  @ResolveField(() => [RemittancePayment], { description: 'The 835 claim payments applied to the account, oldest first.' })
  async remittances(@Parent() account: HospitalAccount): Promise<RemittancePayment[]> {
    const rows = await this.readModel.remittancePosting.findMany({ where: { accountId: account.id }, orderBy: { postedAt: 'asc' } });
    return rows.map((r) =>
      Object.assign(new RemittancePayment(), { traceNumber: r.traceNumber, payerId: r.payerId, payerClaimNumber: r.payerClaimNumber, paidCents: Number(r.paidCents), postedAt: r.postedAt.toISOString() }),
    );
  }
}
