import { ANY, type AppendStreamState, jsonEvent, NO_STREAM, type EventData, type Position } from '@kurrent/kurrentdb-client';
import type { Checkpoint, ExpectedVersion, NewEvent, RecordedEvent } from '../event-store.js';

/** Our stream versions count from 1; EventStoreDB revisions from 0. */
export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no-stream') return NO_STREAM;
  if (!Number.isInteger(expected) || expected < 1) throw new RangeError(`expected version ${expected} is not a stream version (1 or more)`);
  return BigInt(expected - 1);
}

export const encodePosition = (p: Position): Checkpoint => `esdb:${p.commit}/${p.prepare}` as Checkpoint;

export function decodePosition(checkpoint: Checkpoint): Position {
  const match = /^esdb:(\d+)\/(\d+)$/.exec(checkpoint);
  if (!match) throw new Error(`"${checkpoint}" is not an EventStoreDB checkpoint`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

/** The envelope fields EventStoreDB has no place for travel in the event's metadata. */
export interface EnvelopeMetadata {
  schemaVersion: number;
  patientId: string | null;
  encounterId: string | null;
  actor: { id: string; role: string };
  correlationId: string;
  causationId: string | null;
  traceparent: string | null;
  occurredAt: string;
  extra?: Record<string, unknown>;
}

export function toEventData(event: NewEvent, id: string, now: string): EventData {
  const m = event.metadata;
  const metadata: EnvelopeMetadata = {
    schemaVersion: event.schemaVersion,
    patientId: m.patientId,
    encounterId: m.encounterId ?? null,
    actor: m.actor,
    correlationId: m.correlationId,
    causationId: m.causationId ?? null,
    traceparent: m.traceparent ?? null,
    occurredAt: m.occurredAt ?? now,
    ...(m.extra ? { extra: m.extra } : {}),
  };
  return jsonEvent({ id, type: event.type, data: (event.data ?? null) as Record<string, unknown>, metadata: metadata as unknown as Record<string, unknown> });
}

export interface StoredEsdbEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

export function fromStoredEvent(stored: StoredEsdbEvent): RecordedEvent {
  const m = stored.metadata as EnvelopeMetadata;
  if (!m || typeof m !== 'object' || typeof m.schemaVersion !== 'number') {
    throw new Error(`event ${stored.id} in ${stored.streamId} was not written by this store (no envelope metadata)`);
  }
  return {
    eventId: stored.id,
    type: stored.type,
    schemaVersion: m.schemaVersion,
    streamId: stored.streamId,
    streamVersion: Number(stored.revision) + 1,
    occurredAt: new Date(m.occurredAt).toISOString(),
    recordedAt: stored.created.toISOString(),
    patientId: m.patientId,
    encounterId: m.encounterId,
    actor: m.actor,
    correlationId: m.correlationId,
    causationId: m.causationId,
    traceparent: m.traceparent,
    data: stored.data,
    checkpoint: stored.position ? encodePosition(stored.position) : (`esdb:stream/${stored.revision}` as Checkpoint),
    extra: m.extra ?? {},
  };
}
