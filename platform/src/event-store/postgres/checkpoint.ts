import type { Checkpoint } from '../event-store.js';

/** A position in a PostgreSQL store: the writing transaction and the global position. */
export interface PgPosition {
  transactionId: string;
  globalPosition: string;
}

export const encodeCheckpoint = (p: PgPosition): Checkpoint => `${p.transactionId}/${p.globalPosition}` as Checkpoint;

export function decodeCheckpoint(checkpoint: Checkpoint | null): PgPosition {
  if (checkpoint === null) return { transactionId: '0', globalPosition: '0' };
  const match = /^(\d+)\/(\d+)$/.exec(checkpoint);
  if (!match) throw new Error(`"${checkpoint}" is not a PostgreSQL event store checkpoint`);
  return { transactionId: match[1]!, globalPosition: match[2]! };
}
