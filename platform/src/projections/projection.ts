import type { EventEnvelope } from '@ehr/contracts';
import type { PoolClient } from '../sql/pool.js';

/**
 * A read model built from events. `apply` runs inside an open transaction on `tx`; the
 * runner records its checkpoint (or inbox entry) on the same transaction, so each event
 * takes effect exactly once even when delivered twice.
 */
export interface Projection {
  readonly name: string;
  /** Event types it reads; others are skipped without a call. Omit to receive all. */
  readonly handles?: readonly string[];
  apply(tx: PoolClient, event: EventEnvelope): Promise<void>;
  /** Empties the read model before a rebuild. */
  reset(tx: PoolClient): Promise<void>;
}
