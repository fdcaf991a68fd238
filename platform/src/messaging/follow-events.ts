import { type EventEnvelope, EventRegistry, eventCatalog } from '@ehr/contracts';
import type { CommandContext } from '../command/command-handler.js';
import type { DomainEvent } from '../command/command-handler.js';
import { type PoolClient, sqlIdentifier } from '../sql/pool.js';
import type { EventHandler } from './inbox.js';

/** The context of a command one service issues because of another's event. */
export type Reaction = (key?: string) => CommandContext;

/**
 * A handler of another service's events: each arrives upcast to the schema this service knows
 * (and validated against it), with a way to act on it as the system, caused by that event.
 * A reaction's idempotency key is the causing event's id (plus `key` when one event leads to
 * several commands), so a redelivery changes nothing twice.
 */
export function followEvents<E extends DomainEvent>(options: {
  name: string;
  /** The service whose events these are, e.g. 'adt'. */
  source: string;
  /** The service reacting, named as the actor of its reactions. */
  follower: string;
  handles: ReadonlyArray<E['type']>;
  apply(tx: PoolClient, event: E, react: Reaction, envelope: EventEnvelope): Promise<void>;
}): EventHandler {
  const definitions = eventCatalog[options.source];
  if (!definitions) throw new Error(`no published events for ${options.source}`);
  const registry = new EventRegistry(definitions);
  return {
    name: options.name,
    handles: [...options.handles],
    async apply(tx, raw: EventEnvelope) {
      const envelope = registry.upcast(raw);
      const react: Reaction = (key) => ({
        actor: { id: `system:${options.follower}`, role: 'system' },
        correlationId: envelope.correlationId,
        causationId: envelope.eventId,
        idempotencyKey: key ? `${envelope.eventId}:${key}` : envelope.eventId,
      });
      // The registry validated the data against the event's schema while upcasting.
      await options.apply(tx, { type: envelope.type, data: envelope.data } as E, react, envelope);
    },
  };
}

/**
 * Keeps a follower's `patient_merges` table (retired_patient_id, survivor_patient_id) in step
 * with ADT's `adt.patient.merged-into`: the retired record points at the survivor, and records
 * merged earlier into the retired one now point at the survivor too, so one lookup finds them all.
 */
export async function recordPatientMerge(tx: PoolClient, schema: string, retiredPatientId: string, survivorPatientId: string): Promise<void> {
  const table = `${sqlIdentifier(schema)}.patient_merges`;
  await tx.query(`UPDATE ${table} SET survivor_patient_id = $2 WHERE survivor_patient_id = $1`, [retiredPatientId, survivorPatientId]);
  await tx.query(
    `INSERT INTO ${table} (retired_patient_id, survivor_patient_id) VALUES ($1, $2)
     ON CONFLICT (retired_patient_id) DO UPDATE SET survivor_patient_id = EXCLUDED.survivor_patient_id`,
    [retiredPatientId, survivorPatientId],
  );
}
