import type { Account as AccountRow, AccountHistory as HistoryRow, Charge as ChargeRow, Claim as ClaimRow, Denial as DenialRow, WorkItem as WorkItemRow } from '../generated/prisma/client.js';
import type { Coding } from '../domain/claim.js';
import type { ClaimEdit as Edit } from '../domain/scrubber.js';
import { agingBucket } from '../domain/work-queue.js';
import type { Attending, HeldCharge as DomainHeldCharge } from '../domain/account.decider.js';
import { AccountAttending, Charge, Claim, Denial, HeldCharge, HistoryEntry, HospitalAccount, WorkItem } from './models.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const day = (d: Date) => d.toISOString().slice(0, 10);

export const toAccount = (r: AccountRow): HospitalAccount => {
  // The projection wrote the coded event's validated data and the scrubber's edits.
  const coding = r.coding as Coding | null;
  return Object.assign(new HospitalAccount(), {
    id: r.accountId,
    patientId: r.patientId,
    accountClass: r.accountClass,
    openedAt: r.openedAt.toISOString(),
    admittedAt: iso(r.admittedAt),
    dischargedAt: iso(r.dischargedAt),
    dischargeStatus: r.dischargeStatus,
    payerId: r.payerId,
    payerName: r.payerName,
    principalDiagnosis: coding?.principalDiagnosis.code ?? null,
    drg: coding?.drg?.msDrg ?? null,
    holds: r.holds,
    edits: r.edits as unknown as Edit[],
    chargesCents: Number(r.chargesCents),
    paidCents: Number(r.paidCents),
    writtenOffCents: Number(r.writtenOffCents),
    balanceCents: Number(r.balanceCents),
    attending: r.attending ? Object.assign(new AccountAttending(), r.attending as unknown as Attending) : null,
    heldCharges: (r.heldCharges as unknown as DomainHeldCharge[]).map((h) =>
      Object.assign(new HeldCharge(), {
        id: h.holdId,
        chargeCode: h.chargeCode,
        serviceDate: h.serviceDate,
        quantity: h.quantity,
        sourceKind: h.source.kind,
        sourceId: h.source.id,
        problem: h.problem,
        reason: h.reason,
        heldAt: h.at,
      }),
    ),
  });
};

export const toCharge = (r: ChargeRow): Charge =>
  Object.assign(new Charge(), {
    id: r.chargeId,
    chargeCode: r.chargeCode,
    description: r.description,
    revenueCode: r.revenueCode,
    hcpcs: r.hcpcs,
    serviceDate: day(r.serviceDate),
    quantity: r.quantity,
    unitPriceCents: Number(r.unitPriceCents),
    amountCents: Number(r.amountCents),
    sourceKind: r.sourceKind,
    sourceId: r.sourceId,
    reversesChargeId: r.reversesChargeId,
    reversedBy: r.reversedBy,
    reason: r.reason,
    late: r.late,
    postedAt: r.postedAt.toISOString(),
  });

export const toClaim = (r: ClaimRow): Claim =>
  Object.assign(new Claim(), {
    id: r.claimId,
    accountId: r.accountId,
    version: r.version,
    frequency: r.frequency,
    typeOfBill: r.typeOfBill,
    payerId: r.payerId,
    totalCents: Number(r.totalCents),
    status: r.status,
    payerClaimNumber: r.payerClaimNumber,
    originalPayerClaimNumber: r.originalPayerClaimNumber,
    conditionCodes: r.conditionCodes,
    createdAt: r.createdAt.toISOString(),
  });

export const toDenial = (r: DenialRow): Denial =>
  Object.assign(new Denial(), { payerClaimNumber: r.payerClaimNumber, carc: r.carc, rarcs: r.rarcs, amountCents: Number(r.amountCents), category: r.category, remitDate: day(r.remitDate) });

export const toHistory = (r: HistoryRow): HistoryEntry => Object.assign(new HistoryEntry(), { at: r.at.toISOString(), type: r.type, actor: r.actor, summary: r.summary });

export const toWorkItem = (r: WorkItemRow, today: string): WorkItem =>
  Object.assign(new WorkItem(), {
    accountId: r.accountId,
    queue: r.queue,
    reason: r.reason,
    payerId: r.payerId,
    owner: r.owner,
    amountCents: Number(r.amountCents),
    agingFrom: day(r.agingFrom),
    agingBucket: agingBucket(day(r.agingFrom), today),
  });
