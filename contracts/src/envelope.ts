import { z } from 'zod';

/** Who did it: a person (or a system client) and the role they acted in. */
export const actorSchema = z.object({
  id: z.string().min(1),
  role: z.string().min(1),
});
export type Actor = z.infer<typeof actorSchema>;

const instant = z.iso.datetime({ offset: true });

/**
 * The one envelope every event travels in, in the store and on Kafka.
 * `occurredAt` is when it happened at the bedside; `recordedAt` when the system wrote it.
 */
export const eventEnvelopeSchema = z.object({
  eventId: z.uuid(),
  type: z.string().regex(/^[a-z]+(\.[a-z][a-z0-9-]*)+$/, 'event type must read like "adt.encounter.admitted"'),
  schemaVersion: z.int().min(1),
  streamId: z.string().min(1),
  streamVersion: z.int().min(1),
  occurredAt: instant,
  recordedAt: instant,
  patientId: z.string().min(1).nullable(),
  encounterId: z.string().min(1).nullable(),
  actor: actorSchema,
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  traceparent: z.string().nullable(),
  data: z.unknown(),
});
export type EventEnvelope<TData = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'data'> & { data: TData };
