import { v7 as uuidv7 } from 'uuid';
import { EventRegistry, eventCatalog } from '@ehr/contracts';
import {
  asDomainEvents,
  type CommandContext,
  type DomainEvent,
  earlierRequest,
  fold,
  hashOf,
  type InlineWork,
  type NewEvent,
  type Pool,
  type PostgresEventStore,
  type RecordedEvent,
  runUnitOfWork,
  type UnitOfWorkSession,
} from '@ehr/platform';
import { type BedEvent, bedDecider, type BedState } from '../domain/bed.decider.js';
import { encounterDecider, type EncounterEvent } from '../domain/encounter.decider.js';
import { bedsInvolved, decidePlacement, type PlacementCommand } from '../domain/placement.js';

export const adtRegistry = new EventRegistry(eventCatalog.adt);

export const encounterStream = (encounterId: string) => `encounter-${encounterId}`;
export const bedStream = (bedId: string) => `bed-${bedId}`;

/**
 * Admits, moves or discharges a patient: loads the encounter and every bed involved, decides
 * over all of them, and writes the encounter's and the beds' events in one transaction. With an
 * idempotency key, a request already carried out (a retry, a double tap) writes nothing more;
 * the key is compared on what was asked, not on when (`at` defaults to the moment of asking).
 */
export function placePatient(
  deps: { pool: Pool; store: PostgresEventStore; inline?: InlineWork },
  command: PlacementCommand,
  context: CommandContext,
  /** Other streams the same decision changes, e.g. the bed request a cancelled admission reopens. */
  alsoChanges?: (session: UnitOfWorkSession) => Promise<Array<{ streamId: string; events: DomainEvent[] }>>,
): Promise<RecordedEvent[]> {
  const correlationId = context.correlationId ?? uuidv7();
  const key = context.idempotencyKey;
  const commandHash = key ? hashOf({ ...command, at: null }) : null;
  return runUnitOfWork({ pool: deps.pool, store: deps.store, registry: adtRegistry, inline: deps.inline }, async (session) => {
    const history = await session.load(encounterStream(command.encounterId));
    if (key && earlierRequest(history, key, commandHash!).length > 0) return [];
    const encounter = fold(encounterDecider, asDomainEvents<EncounterEvent>(history));
    const beds = new Map<string, BedState>();
    for (const bedId of bedsInvolved(command, encounter)) {
      beds.set(bedId, fold(bedDecider, asDomainEvents<BedEvent>(await session.load(bedStream(bedId)))));
    }
    const decision = decidePlacement(command, { encounter, beds });
    const patientId = 'patientId' in command ? command.patientId : encounter.patientId;
    const lateEntryReason = 'lateEntryReason' in command ? command.lateEntryReason : null;
    const toNew = (event: DomainEvent): NewEvent => ({
      type: event.type,
      schemaVersion: adtRegistry.get(event.type).schemaVersion,
      data: event.data,
      metadata: {
        patientId,
        encounterId: command.encounterId,
        actor: context.actor,
        correlationId,
        causationId: context.causationId ?? null,
        traceparent: context.traceparent ?? null,
        ...('at' in command ? { occurredAt: command.at } : {}),
        // A back-dated entry keeps why it was entered late; a key makes a retry change nothing.
        ...(key || lateEntryReason ? { extra: { ...(key ? { idempotencyKey: key, commandHash } : {}), ...(lateEntryReason ? { lateEntryReason } : {}) } } : {}),
      },
    });
    const also = alsoChanges && decision.encounter.length > 0 ? await alsoChanges(session) : [];
    return [
      { streamId: encounterStream(command.encounterId), events: decision.encounter.map(toNew) },
      ...decision.beds.map((b) => ({ streamId: bedStream(b.bedId), events: b.events.map(toNew) })),
      ...also.map((w) => ({ streamId: w.streamId, events: w.events.map(toNew) })),
    ];
  });
}
