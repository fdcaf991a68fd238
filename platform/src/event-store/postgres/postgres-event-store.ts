import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type {
  AppendResult,
  Checkpoint,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllResult,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.js';
import { ConcurrencyError, DuplicateEventError } from '../event-store.js';
import type { Pool, PoolClient } from '../../sql/pool.js';
import { sqlIdentifier } from '../../sql/pool.js';
import { migrate } from '../../sql/migrate.js';
import { eventStoreMigrations } from './schema.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint.js';
import { PollingSubscription } from '../polling-subscription.js';

interface EventRow {
  global_position: string;
  transaction_text: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  patient_id: string | null;
  data: unknown;
  metadata: StoredMetadata;
  occurred_at: Date;
  recorded_at: Date;
}

interface AppendedRow {
  global_position: string;
  transaction_text: string;
  stream_version: number;
  recorded_at: Date;
}

interface StoredMetadata {
  encounterId: string | null;
  actor: { id: string; role: string };
  correlationId: string;
  causationId: string | null;
  traceparent: string | null;
  extra?: Record<string, unknown>;
}

// The text form has its own name: ORDER BY a bare name would pick an output alias and sort as text.
const columns = `global_position, transaction_id::text AS transaction_text, stream_id, stream_version, event_id, event_type,
  schema_version, patient_id, data, metadata, occurred_at, recorded_at`;

const uniqueViolation = '23505';

export interface PostgresEventStoreOptions {
  pool: Pool;
  /** The service's own schema, e.g. "adt". */
  schema: string;
  /** How often a follower looks when no notification came (catches horizon moves). */
  pollIntervalMs?: number;
}

/**
 * The default event store. Global reads follow (transaction id, position) and stop at the
 * oldest transaction still running, so an event that commits late is never skipped.
 */
export class PostgresEventStore implements EventStore {
  readonly schema: string;
  private readonly pool: Pool;
  private readonly pollIntervalMs: number;
  private readonly appendOneSql: string;
  private readonly appendManySql: string;
  private readonly readAllSql: string;

  constructor(options: PostgresEventStoreOptions) {
    this.pool = options.pool;
    this.schema = sqlIdentifier(options.schema);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    // One statement: the version check, the numbering and the insert see one snapshot, and the
    // unique (stream, version) constraint settles any race between two writers. Only the
    // store-assigned columns come back; the rest of each envelope is already in hand.
    const check = `WHERE ($2::int IS NULL OR current.version = $2::int)`;
    const returning = `RETURNING global_position, transaction_id::text AS transaction_text, stream_version, recorded_at`;
    const current = `WITH current AS (SELECT coalesce(max(stream_version), 0) AS version FROM ${this.schema}.events WHERE stream_id = $1)`;
    const insert = `INSERT INTO ${this.schema}.events (stream_id, stream_version, event_id, event_type, schema_version, patient_id, data, metadata, occurred_at)`;
    this.appendOneSql = `${current} ${insert}
      SELECT $1, current.version + 1, $3::uuid, $4, $5::int, $6, $7::jsonb, $8::jsonb, $9::timestamptz FROM current ${check} ${returning}`;
    this.appendManySql = `${current} ${insert}
      SELECT $1, current.version + e.ord, e.event_id, e.event_type, e.schema_version, e.patient_id, e.data, e.metadata, e.occurred_at
        FROM current,
             unnest($3::uuid[], $4::text[], $5::int[], $6::text[], $7::jsonb[], $8::jsonb[], $9::timestamptz[])
               WITH ORDINALITY AS e(event_id, event_type, schema_version, patient_id, data, metadata, occurred_at, ord)
       ${check}
       ORDER BY e.ord
      ${returning}`;
    this.readAllSql = `
      SELECT ${columns} FROM ${this.schema}.events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id, global_position
       LIMIT $3`;
  }

  /** Creates the event table in the service's schema when it is missing. */
  async migrate(): Promise<void> {
    await migrate(this.pool, this.schema, eventStoreMigrations(this.schema));
  }

  append(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    return this.appendWith(this.pool, streamId, events, options);
  }

  /**
   * Appends inside the caller's transaction, so that read-model changes made on the same
   * client (inline projections, idempotency records) commit or roll back with the events.
   */
  appendInTransaction(client: PoolClient, streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    return this.appendWith(client, streamId, events, options);
  }

  private async appendWith(
    db: Pool | PoolClient,
    streamId: string,
    events: NewEvent[],
    { expectedVersion }: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    if (events.length === 0) return { streamVersion: await this.currentVersion(db, streamId), events: [], duplicate: false };
    const ids = events.map((e) => e.eventId ?? uuidv7());
    const now = new Date().toISOString();
    const metadata = events.map(storedMetadata);
    const occurredAt = events.map((e) => e.metadata.occurredAt ?? now);
    const expected = expectedVersion === 'any' ? null : expectedVersion === 'no-stream' ? 0 : expectedVersion;
    const single = events.length === 1;
    const columnValues = [
      ids,
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion),
      events.map((e) => e.metadata.patientId),
      events.map((e) => JSON.stringify(e.data ?? null)),
      metadata.map((m) => JSON.stringify(m)),
      occurredAt,
    ];
    // The common case, one event, runs as a prepared statement without array parameters.
    const query = single
      ? { name: `ehr_append_one_${this.schema}`, text: this.appendOneSql, values: [streamId, expected, ...columnValues.map((c) => c[0])] }
      : { text: this.appendManySql, values: [streamId, expected, ...columnValues] };
    for (let attempt = 0; ; attempt++) {
      try {
        // Inside a caller's transaction a failed statement would poison it: guard with a savepoint.
        const inTx = db !== this.pool;
        if (inTx) await db.query('SAVEPOINT ehr_append');
        let rows: AppendedRow[];
        try {
          rows = (await db.query<AppendedRow>(query)).rows;
        } catch (error) {
          if (inTx) await db.query('ROLLBACK TO SAVEPOINT ehr_append');
          throw error;
        }
        if (rows.length === events.length) {
          const recorded = rows.map((row, i): RecordedEvent => {
            const e = events[i]!;
            const m = metadata[i]!;
            return {
              eventId: ids[i]!,
              type: e.type,
              schemaVersion: e.schemaVersion,
              streamId,
              streamVersion: row.stream_version,
              occurredAt: new Date(occurredAt[i]!).toISOString(),
              recordedAt: row.recorded_at.toISOString(),
              patientId: e.metadata.patientId,
              encounterId: m.encounterId,
              actor: m.actor,
              correlationId: m.correlationId,
              causationId: m.causationId,
              traceparent: m.traceparent,
              data: e.data ?? null,
              checkpoint: encodeCheckpoint({ transactionId: row.transaction_text, globalPosition: row.global_position }),
              extra: m.extra ?? {},
            };
          });
          return { streamVersion: rows[rows.length - 1]!.stream_version, events: recorded, duplicate: false };
        }
        return await this.explainRefusal(db, streamId, ids, expectedVersion);
      } catch (error) {
        if (!(error instanceof pg.DatabaseError) || error.code !== uniqueViolation) throw error;
        // 'any' has no expectation to break: a writer that slipped in between only moves the numbering.
        if (expectedVersion === 'any' && error.constraint === 'events_stream_version_unique' && attempt < 10) continue;
        return this.explainRefusal(db, streamId, ids, expectedVersion);
      }
    }
  }

  /** Nothing was written: either these exact events are already there, or the stream moved. */
  private async explainRefusal(db: Pool | PoolClient, streamId: string, ids: string[], expected: ExpectedVersion): Promise<AppendResult> {
    const { rows } = await db.query<EventRow>(
      `SELECT ${columns} FROM ${this.schema}.events WHERE event_id = ANY($1::uuid[]) ORDER BY global_position`,
      [ids],
    );
    if (rows.length > 0) {
      const foreign = rows.find((r) => r.stream_id !== streamId);
      if (foreign || rows.length !== ids.length) throw new DuplicateEventError((foreign ?? rows[0]!).event_id);
      return { streamVersion: await this.currentVersion(db, streamId), events: rows.map(toRecorded), duplicate: true };
    }
    throw new ConcurrencyError(streamId, expected, await this.currentVersion(db, streamId));
  }

  private async currentVersion(db: Pool | PoolClient, streamId: string): Promise<number> {
    const { rows } = await db.query<{ version: number }>(
      `SELECT coalesce(max(stream_version), 0)::int AS version FROM ${this.schema}.events WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0]!.version;
  }

  async readStream(streamId: string, options: { fromVersion?: number; toVersion?: number } = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${columns} FROM ${this.schema}.events
        WHERE stream_id = $1 AND stream_version >= $2 AND stream_version <= $3
        ORDER BY stream_version`,
      [streamId, options.fromVersion ?? 1, options.toVersion ?? 2_147_483_647],
    );
    return rows.map(toRecorded);
  }

  async readAll(after: Checkpoint | null, limit = 1000): Promise<ReadAllResult> {
    const from = decodeCheckpoint(after);
    const { rows } = await this.pool.query<EventRow>(this.readAllSql, [from.transactionId, from.globalPosition, limit]);
    const events = rows.map(toRecorded);
    return { events, checkpoint: events.length > 0 ? events[events.length - 1]!.checkpoint : after };
  }

  subscribe(options: SubscribeOptions): Subscription {
    return new PollingSubscription({
      read: (after, limit) => this.readAll(after, limit),
      listen: (wake) => this.listen(wake),
      pollIntervalMs: this.pollIntervalMs,
      ...options,
    });
  }

  /** Wakes a follower as soon as any writer commits; polling remains the safety net. */
  private async listen(wake: () => void): Promise<() => Promise<void>> {
    const client = new pg.Client(connectionConfig(this.pool));
    client.on('error', () => undefined);
    await client.connect();
    client.on('notification', wake);
    await client.query(`LISTEN ${this.schema}_events`);
    return async () => {
      await client.end().catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    // The pool belongs to the caller.
  }
}

function connectionConfig(pool: Pool): pg.ClientConfig {
  const { connectionString, host, port, user, password, database } = pool.options;
  return { connectionString, host, port, user, password, database, application_name: 'event-store-listener' } as pg.ClientConfig;
}

function storedMetadata(e: NewEvent): StoredMetadata {
  const m = e.metadata;
  return {
    encounterId: m.encounterId ?? null,
    actor: m.actor,
    correlationId: m.correlationId,
    causationId: m.causationId ?? null,
    traceparent: m.traceparent ?? null,
    ...(m.extra ? { extra: m.extra } : {}),
  };
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    patientId: row.patient_id,
    encounterId: row.metadata.encounterId,
    actor: row.metadata.actor,
    correlationId: row.metadata.correlationId,
    causationId: row.metadata.causationId,
    traceparent: row.metadata.traceparent,
    data: row.data,
    checkpoint: encodeCheckpoint({ transactionId: row.transaction_text, globalPosition: row.global_position }),
    extra: row.metadata.extra ?? {},
  };
}
