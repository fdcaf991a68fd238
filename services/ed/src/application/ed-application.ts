import { join } from 'node:path';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { ArrivalMode } from '@ehr/contracts';
import {
  asDomainEvents,
  type CommandContext,
  CommandHandler,
  type CommandResult,
  IdempotencyKeyReusedError,
  inlineProjections,
  migrateServiceSchema,
  type Pool,
  type PoolClient,
  PostgresEventStore,
} from '@ehr/platform';
import type { AdmissionDecisionRule } from '../domain/admission-decision.js';
import { defaultEdThresholds, type EdThresholds } from '../domain/timers.js';
import { type VisitCommand, visitDecider, type VisitEvent, type VisitState } from '../domain/visit.decider.js';
import { projections, schema } from '../projections/index.js';
import { edRegistry } from '../projections/registry.js';

export const visitStream = (visitId: string) => `ed-visit-${visitId}`;

/** Every step of care after arrival: one visit at a time. */
export type VisitStep = Exclude<VisitCommand, { type: 'RegisterArrival' }>;

const arrivalNamespace = 'a3c1f0e2-5b7d-4e39-8f64-0c2d9e7b1a55';

/**
 * The ED service's use cases over its own store: arrivals and every later step of the visit.
 * The board's read model is inline, so whoever acted sees the change on the next read and
 * every other screen on its next poll.
 */
export class EdApplication {
  readonly store: PostgresEventStore;
  private readonly visits: CommandHandler<VisitCommand, VisitEvent, VisitState>;

  constructor(
    readonly pool: Pool,
    readonly thresholds: EdThresholds = defaultEdThresholds,
    readonly admissionDecisionRule: AdmissionDecisionRule = 'first-documented',
  ) {
    this.store = new PostgresEventStore({ pool, schema });
    this.visits = new CommandHandler({
      decider: visitDecider,
      store: this.store,
      registry: edRegistry,
      streamId: (c) => visitStream(c.visitId),
      subjectOf: (c, _e, s) => ({ patientId: c.type === 'RegisterArrival' ? c.patientId : s.patientId }),
      inline: { pool, work: inlineProjections(projections) },
    });
  }

  /** Creates the event store, read models and bookkeeping tables when they are missing. */
  async migrate(): Promise<void> {
    await migrateServiceSchema({ pool: this.pool, store: this.store, schema, migrationsDir: join(import.meta.dirname, '..', '..', 'migrations') });
  }

  /**
   * Opens a visit for a patient registered in ADT. With an idempotency key the visit id comes
   * from the key, so a double tap at the arrival desk opens one visit, not two; a repeat that
   * raced the first to the store answers with the visit the first opened. The key sent again
   * for another patient or another mode of arrival is refused.
   */
  async registerArrival(input: { patientId: string; mode: ArrivalMode; at: string }, context: CommandContext): Promise<{ visitId: string }> {
    const { idempotencyKey, ...rest } = context;
    if (!idempotencyKey) {
      const visitId = uuidv7();
      await this.visits.handle({ type: 'RegisterArrival', visitId, ...input }, rest);
      return { visitId };
    }
    const visitId = uuidv5(`ed-arrival\n${context.actor.id}\n${idempotencyKey}`, arrivalNamespace);
    // The second tap carries its own "now", so the repeat is recognised by the visit, not by the command.
    const opened = async () => {
      const [arrived] = asDomainEvents<VisitEvent>((await this.store.readStream(visitStream(visitId))).map((e) => edRegistry.upcast(e)));
      if (!arrived) return false;
      if (arrived.type !== 'ed.visit.arrived' || arrived.data.patientId !== input.patientId || arrived.data.mode !== input.mode) throw new IdempotencyKeyReusedError(idempotencyKey);
      return true;
    };
    if (await opened()) return { visitId };
    try {
      await this.visits.handle({ type: 'RegisterArrival', visitId, ...input }, rest);
    } catch (error) {
      if (!(await opened())) throw error;
    }
    return { visitId };
  }

  act(command: VisitStep, context: CommandContext): Promise<CommandResult> {
    return this.visits.handle(command, context);
  }

  /** A reaction to another service's event, committed with the consumer's inbox row. */
  actInTransaction(tx: PoolClient, command: VisitStep, context: CommandContext): Promise<CommandResult> {
    return this.visits.handleInTransaction(tx, command, context);
  }
}
