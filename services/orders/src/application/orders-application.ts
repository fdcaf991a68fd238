import { join } from 'node:path';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { type AllergyCriticality, type AllergyRemovalReason, type AllergySubstance, EventRegistry, eventCatalog, type OrderPriority } from '@ehr/contracts';
import {
  type CommandContext,
  CommandHandler,
  DomainError,
  inlineProjections,
  migrateServiceSchema,
  type Pool,
  PostgresEventStore,
} from '@ehr/platform';
import { type AllergyCommand, allergyDecider, type AllergyEvent, type AllergyListState, type RecordedAllergy } from '../domain/allergy.decider.js';
import { defaultStandardTimes } from '../domain/frequency.js';
import { seedFormulary } from '../domain/formulary.seed.js';
import type { ActiveMedication } from '../domain/order-entry-checks.js';
import {
  type AlertOverride,
  createOrderDecider,
  type EncounterStatusSeen,
  type OrderCommand,
  type OrderDetailsInput,
  type OrderEvent,
  type OrderPolicy,
  type OrderState,
} from '../domain/order.decider.js';
import { projections, schema } from '../projections/index.js';

export const ordersRegistry = new EventRegistry(eventCatalog.orders);
export const orderStream = (orderId: string) => `order-${orderId}`;
export const allergyStream = (patientId: string) => `allergies-${patientId}`;

/** A prescriber's new order, as the API takes it. */
export interface PlaceOrderInput {
  patientId: string;
  encounterId: string;
  priority: OrderPriority;
  start: string | null;
  stop: string | null;
  details: OrderDetailsInput;
  overrides: AlertOverride[];
  /** The client's key for this signature: sent again (a double tap, a retry), it places nothing new. */
  idempotencyKey: string | null;
}

const orderKeyNamespace = '2f0e8c3a-6d1b-4f57-9a2e-7c4b1d9e5a30';

type LifecycleCommand = Exclude<OrderCommand, { type: 'PlaceOrder' | 'DiscontinueForDischarge' | 'FlagForLevelOfCareChange' | 'ExpireOrder' | 'RequestRetrospectiveReview' }>;

/**
 * The orders service's use cases over its own store: order entry with its safety checks,
 * pharmacist verification, the order lifecycle, and allergies. Read models are inline, so the
 * prescriber sees the order on the next read.
 */
export class OrdersApplication {
  readonly store: PostgresEventStore;
  readonly orders: CommandHandler<OrderCommand, OrderEvent, OrderState>;
  private readonly allergies: CommandHandler<AllergyCommand, AllergyEvent, AllergyListState>;

  constructor(
    readonly pool: Pool,
    readonly facilityZone: string,
    readonly policy: OrderPolicy = { formulary: seedFormulary, standardTimes: defaultStandardTimes },
  ) {
    this.store = new PostgresEventStore({ pool, schema });
    const inline = { pool, work: inlineProjections(projections) };
    this.orders = new CommandHandler({
      decider: createOrderDecider(policy),
      store: this.store,
      registry: ordersRegistry,
      streamId: (c) => orderStream(c.orderId),
      subjectOf: (c, _e, s) => ({ patientId: s.placed?.patientId ?? ('patientId' in c ? c.patientId : null), encounterId: s.placed?.encounterId ?? ('encounterId' in c ? c.encounterId : null) }),
      inline,
    });
    this.allergies = new CommandHandler({
      decider: allergyDecider,
      store: this.store,
      registry: ordersRegistry,
      streamId: (c) => allergyStream(c.patientId),
      subjectOf: (c) => ({ patientId: c.patientId }),
      inline,
    });
  }

  /** Creates the event store, read models and bookkeeping tables when they are missing. */
  async migrate(): Promise<void> {
    await migrateServiceSchema({ pool: this.pool, store: this.store, schema, migrationsDir: join(import.meta.dirname, '..', '..', 'migrations') });
  }

  /**
   * Places an order after the checks a prescriber must answer: the encounter must be open, and
   * a medication is checked against the patient's allergies and active medications. Alerts
   * come back as a refusal until each has a coded override reason.
   */
  async placeOrder(input: PlaceOrderInput, context: CommandContext): Promise<{ orderId: string }> {
    // The same user's key always names the same order, so a repeat finds the first one.
    const orderId = input.idempotencyKey ? uuidv5(`${context.actor.id}\n${input.idempotencyKey}`, orderKeyNamespace) : uuidv7();
    if (input.idempotencyKey) {
      const placed = (await this.store.readStream(orderStream(orderId))).find((e) => e.type === 'orders.order.placed');
      if (placed) {
        const earlier = placed.data as { patientId: string; encounterId: string; details: { kind: string } };
        if (earlier.patientId !== input.patientId || earlier.encounterId !== input.encounterId || earlier.details.kind !== input.details.kind) {
          throw new DomainError('IDEMPOTENCY_KEY_REUSED', `The key "${input.idempotencyKey}" was already used for another order; send a new key for a new order.`);
        }
        return { orderId };
      }
    }
    const at = new Date().toISOString();
    const [encounterStatus, allergies, activeMedications] = await Promise.all([
      this.encounterStatus(input.encounterId, input.patientId),
      this.allergyList(input.patientId),
      this.activeMedications(input.patientId),
    ]);
    await this.orders.handle(
      {
        type: 'PlaceOrder',
        orderId,
        patientId: input.patientId,
        encounterId: input.encounterId,
        orderedBy: context.actor.id,
        at,
        priority: input.priority,
        start: input.start ?? at,
        stop: input.stop,
        details: input.details,
        context: { encounterStatus, allergies, activeMedications },
        overrides: input.overrides,
      },
      context,
    );
    return { orderId };
  }

  /** Verification, rejection, hold, resume, discontinue, complete, review: one order at a time. */
  act(command: LifecycleCommand, context: CommandContext): Promise<unknown> {
    return this.orders.handle(command, context);
  }

  async recordAllergy(
    input: { patientId: string; substance: AllergySubstance; reaction: string | null; criticality: AllergyCriticality },
    context: CommandContext,
  ): Promise<{ allergyId: string }> {
    const allergyId = uuidv7();
    await this.allergies.handle({ type: 'RecordAllergy', allergyId, recordedBy: context.actor.id, at: new Date().toISOString(), ...input }, context);
    return { allergyId };
  }

  /**
   * Takes an entry off the patient's list. An entry recorded on a record ADT merged into this
   * patient stays on that record's list (its own stream), and is removed there.
   */
  async removeAllergy(input: { patientId: string; allergyId: string; reason: AllergyRemovalReason; comment: string | null }, context: CommandContext): Promise<unknown> {
    const { rows } = await this.pool.query<{ stream_id: string }>(
      `SELECT e.stream_id FROM ${schema}.events e JOIN ${schema}.allergies a ON a.allergy_id = e.data->>'allergyId'
       WHERE e.event_type = 'orders.allergy.recorded' AND a.allergy_id = $1 AND a.patient_id = $2`,
      [input.allergyId, input.patientId],
    );
    const listOwner = rows[0] ? rows[0].stream_id.slice(allergyStream('').length) : input.patientId;
    return this.allergies.handle({ type: 'RemoveAllergy', by: context.actor.id, at: new Date().toISOString(), ...input, patientId: listOwner }, context);
  }

  /**
   * Expires every open order whose stop time has passed: run by the service every minute, and
   * safe to run twice (the decider says nothing for an order already ended). Returns how many.
   */
  async expireDueOrders(now: Date = new Date()): Promise<number> {
    const { rows } = await this.pool.query<{ order_id: string; stop_at: Date }>(
      `SELECT order_id, stop_at FROM ${schema}.orders WHERE stop_at <= $1 AND status IN ('active', 'on-hold') ORDER BY stop_at LIMIT 500`,
      [now],
    );
    for (const row of rows) {
      await this.orders.handle(
        { type: 'ExpireOrder', orderId: row.order_id, at: row.stop_at.toISOString() },
        { actor: { id: 'system:orders', role: 'system' }, idempotencyKey: `expire:${row.order_id}` },
      );
    }
    return rows.length;
  }

  /** The encounter as ADT last told this service; an encounter of another patient does not count. */
  private async encounterStatus(encounterId: string, patientId: string): Promise<EncounterStatusSeen> {
    const { rows } = await this.pool.query<{ status: EncounterStatusSeen; patient_id: string }>(`SELECT status, patient_id FROM ${schema}.encounters WHERE encounter_id = $1`, [encounterId]);
    const row = rows[0];
    return row && row.patient_id === patientId ? row.status : 'unknown';
  }

  /** From the read model, which follows merges: a survivor's checks include the retired record's allergies. */
  private async allergyList(patientId: string): Promise<RecordedAllergy[]> {
    const { rows } = await this.pool.query<{ allergy_id: string; substance_code: string; substance_display: string; reaction: string | null; criticality: AllergyCriticality }>(
      `SELECT allergy_id, substance_code, substance_display, reaction, criticality FROM ${schema}.allergies WHERE patient_id = $1`,
      [patientId],
    );
    return rows.map((r) => ({ allergyId: r.allergy_id, substance: { code: r.substance_code, display: r.substance_display }, reaction: r.reaction, criticality: r.criticality }));
  }

  private async activeMedications(patientId: string): Promise<ActiveMedication[]> {
    const { rows } = await this.pool.query<{ order_id: string; details: { drugId: string; dose: ActiveMedication['dose']; frequency: ActiveMedication['frequency'] } }>(
      `SELECT order_id, details FROM ${schema}.orders WHERE patient_id = $1 AND kind = 'medication' AND status IN ('active', 'on-hold')`,
      [patientId],
    );
    return rows.map((r) => ({ orderId: r.order_id, drugId: r.details.drugId, dose: r.details.dose, frequency: r.details.frequency }));
  }
}
