import type { EventEnvelope } from '@ehr/contracts';
import type { EventHandler, PoolClient } from '@ehr/platform';
import { schema } from '../projections/index.js';

/**
 * A follower that also records how far it has applied each source stream named by `streams`
 * (prefixes such as `encounter-`), in the same transaction as the copy it keeps, so that "the
 * copy has seen version N" can be read with the copy itself. Every event of the source passes
 * through, also those the inner handler does not apply: a stream's version moves with every
 * event on it. `delayMs` slows the follower on purpose, for lag drills only.
 */
export function recordingSourcePositions(inner: EventHandler, streams: readonly string[], delayMs = 0): EventHandler {
  const innerHandles = inner.handles ? new Set(inner.handles) : null;
  return {
    name: inner.name,
    handles: undefined,
    async apply(tx: PoolClient, event: EventEnvelope) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (innerHandles === null || innerHandles.has(event.type)) await inner.apply(tx, event);
      if (!streams.some((prefix) => event.streamId.startsWith(prefix))) return;
      // Per-patient order on the topic keeps a stream's events in order; GREATEST keeps a redelivery from moving it back.
      await tx.query(
        `INSERT INTO ${schema}.source_positions (stream_id, version) VALUES ($1, $2)
         ON CONFLICT (stream_id) DO UPDATE SET version = GREATEST(${schema}.source_positions.version, EXCLUDED.version)`,
        [event.streamId, event.streamVersion],
      );
    },
  };
}
