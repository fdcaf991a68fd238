import type { Pool } from '@ehr/platform';
import type { TimeWindow } from '@ehr/contracts';
import { type RecordedDoseEvent, marAsOf } from '../domain/mar-as-of.js';
import type { MarOrder } from '../domain/mar-order.js';
import type { DoseEvent, DoseState } from '../domain/dose-state.js';
import type { TimingPolicy } from '../domain/timing-window.js';
import { schema } from '../projections/index.js';
import type { ReadModel } from '../projections/read-model.js';
import { type DoseSlot, toMarDose, toMarDoses, toPrnOrder, type ViewContext } from './mapping.js';
import type { MarDose, MarPrnOrder } from './models.js';

/** Open doses carried over onto a shift's MAR reach back this far. */
const carryOverHours = 24;
/** The due list shows what falls due within this many minutes. */
const dueListAheadMinutes = 60;

/** The MAR's queries over its read models, and the MAR as of a past instant from its event history. */
export class MarReader {
  constructor(
    private readonly readModel: ReadModel,
    private readonly pool: Pool,
    private readonly zone: string,
    private readonly timing: TimingPolicy,
  ) {}

  view(): ViewContext {
    return { zone: this.zone, timing: this.timing, now: new Date().toISOString() };
  }

  private async ordersOf(orderIds: string[]): Promise<Map<string, MarOrder>> {
    const rows = await this.readModel.medOrder.findMany({ where: { orderId: { in: [...new Set(orderIds)] } } });
    return new Map(rows.map((r) => [r.orderId, r.marOrder as unknown as MarOrder]));
  }

  /** Doses as the MAR shows them; whether one is missed yet is told by its order's next slot, shown or not. */
  private async present(states: DoseState[]): Promise<MarDose[]> {
    const orderIds = [...new Set(states.map((s) => s.orderId))];
    const [orders, slots] = await Promise.all([
      this.ordersOf(orderIds),
      this.readModel.dose.findMany({ where: { orderId: { in: orderIds }, kind: 'scheduled', status: { not: 'cancelled' } }, select: { kind: true, orderId: true, dueAt: true, status: true } }),
    ]);
    return toMarDoses(states, orders, this.view(), slots.map((slot) => ({ ...slot, kind: 'scheduled', dueAt: slot.dueAt?.toISOString() ?? null }) as DoseSlot));
  }

  async dose(doseId: string): Promise<MarDose> {
    const row = await this.readModel.dose.findUniqueOrThrow({ where: { doseId } });
    const state = row.state as unknown as DoseState;
    const [orders, next] = await Promise.all([
      this.ordersOf([row.orderId]),
      row.dueAt === null
        ? null
        : this.readModel.dose.findFirst({ where: { orderId: row.orderId, kind: 'scheduled', status: { not: 'cancelled' }, dueAt: { gt: row.dueAt } }, orderBy: { dueAt: 'asc' }, select: { dueAt: true } }),
    ]);
    return toMarDose(state, orders.get(row.orderId)!, next?.dueAt?.toISOString() ?? null, this.view());
  }

  /** The patient and every record ADT merged into them: doses charted on any of them are the patient's. */
  private async identitiesOf(patientId: string): Promise<string[]> {
    const merged = await this.readModel.patientMerge.findMany({ where: { survivorPatientId: patientId } });
    return [patientId, ...merged.map((m) => m.retiredPatientId)];
  }

  /**
   * Doses due in the window, PRN doses given in it, and from the day before it the doses still open
   * and those documented in this shift (a dose given late belongs to the shift that gave it).
   */
  async shift(patientId: string, window: TimeWindow): Promise<MarDose[]> {
    const from = new Date(window.from);
    const to = new Date(window.to);
    const carriedFrom = new Date(from.getTime() - carryOverHours * 3_600_000);
    const rows = await this.readModel.dose.findMany({
      where: {
        patientId: { in: await this.identitiesOf(patientId) },
        OR: [
          { sortAt: { gte: from, lt: to } },
          { status: 'open', kind: 'scheduled', dueAt: { gte: carriedFrom, lt: from } },
          { status: { not: 'cancelled' }, kind: 'scheduled', dueAt: { gte: carriedFrom, lt: from }, updatedAt: { gte: from, lt: to } },
        ],
      },
      orderBy: { sortAt: 'asc' },
    });
    return this.present(rows.map((r) => r.state as unknown as DoseState));
  }

  async prnOrders(patientId: string): Promise<MarPrnOrder[]> {
    const orders = await this.readModel.medOrder.findMany({ where: { patientId: { in: await this.identitiesOf(patientId) }, status: { in: ['active', 'on-hold'] } }, orderBy: { orderId: 'asc' } });
    const view = this.view();
    const result: MarPrnOrder[] = [];
    for (const row of orders) {
      const order = row.marOrder as unknown as MarOrder;
      if (order.details.frequency.type !== 'prn' || order.verifiedAt === null) continue;
      const given = await this.readModel.dose.findMany({ where: { orderId: order.orderId, kind: 'prn', status: 'given' } });
      const last = given
        .flatMap((g) => (g.state as unknown as DoseState).entries.filter((e) => e.outcome === 'given' && e.inError === null).map((e) => e.at))
        .sort()
        .at(-1);
      result.push(toPrnOrder(order, last ?? null, view)!);
    }
    return result;
  }

  /** What needs a nurse on the unit now: open doses due, late or missed, and PRN doses awaiting reassessment. */
  async dueList(unitId: string): Promise<Array<{ bedId: string | null; patientId: string; dose: MarDose }>> {
    const encounters = await this.readModel.encounter.findMany({ where: { unitId, status: { in: ['in-progress', 'onleave'] } } });
    const bedOf = new Map(encounters.map((e) => [e.patientId, e.bedId]));
    // Doses charted on a record merged into an in-house patient are that patient's, at their bed.
    const patientOf = new Map(encounters.map((e) => [e.patientId, e.patientId]));
    const merged = await this.readModel.patientMerge.findMany({ where: { survivorPatientId: { in: [...bedOf.keys()] } } });
    for (const m of merged) patientOf.set(m.retiredPatientId, m.survivorPatientId);
    const now = Date.now();
    const rows = await this.readModel.dose.findMany({
      where: {
        patientId: { in: [...patientOf.keys()] },
        OR: [
          { status: 'open', kind: 'scheduled', dueAt: { lte: new Date(now + dueListAheadMinutes * 60_000), gte: new Date(now - carryOverHours * 3_600_000) } },
          { status: 'given', kind: 'prn', sortAt: { gte: new Date(now - carryOverHours * 3_600_000) } },
        ],
      },
      orderBy: { sortAt: 'asc' },
    });
    const doses = await this.present(rows.map((r) => r.state as unknown as DoseState));
    return doses
      .filter((d) => (d.kind === 'prn' ? d.prn !== null && d.prn.reassessedAt === null : d.timing !== 'on-hold'))
      .map((dose) => {
        const patientId = patientOf.get(dose.patientId)!;
        return { bedId: bedOf.get(patientId) ?? null, patientId, dose };
      });
  }

  /** Every dose of the patient: now from the read model, or as it stood at `asOf` from the event history. */
  async administrations(patientId: string, asOf: string | null): Promise<MarDose[]> {
    if (asOf === null) {
      const rows = await this.readModel.dose.findMany({ where: { patientId: { in: await this.identitiesOf(patientId) }, status: { not: 'cancelled' } }, orderBy: { sortAt: 'asc' }, take: 2000 });
      return this.present(rows.map((r) => r.state as unknown as DoseState));
    }
    const { rows } = await this.pool.query<{ event_type: string; data: unknown; recorded_at: Date }>(
      `SELECT event_type, data, recorded_at FROM ${schema}.events WHERE patient_id = ANY($1) AND recorded_at <= $2 ORDER BY global_position`,
      [await this.identitiesOf(patientId), asOf],
    );
    const history: RecordedDoseEvent[] = rows.map((r) => ({ recordedAt: r.recorded_at.toISOString(), event: { type: r.event_type, data: r.data } as DoseEvent }));
    const states = marAsOf(history, asOf).filter((s) => s.status !== 'cancelled' && s.status !== 'none');
    return toMarDoses(states, await this.ordersOf(states.map((s) => s.orderId)), { ...this.view(), now: asOf });
  }

  async location(patientId: string): Promise<{ unitId: string | null; bedId: string | null }> {
    const encounter = await this.readModel.encounter.findFirst({ where: { patientId, status: { in: ['in-progress', 'onleave'] } } });
    return { unitId: encounter?.unitId ?? null, bedId: encounter?.bedId ?? null };
  }
}
