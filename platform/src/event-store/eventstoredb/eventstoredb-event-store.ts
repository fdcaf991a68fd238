import { excludeSystemEvents, KurrentDBClient, START, StreamNotFoundError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { v7 as uuidv7 } from 'uuid';
import type { AppendResult, Checkpoint, EventStore, ExpectedVersion, NewEvent, ReadAllResult, RecordedEvent, SubscribeOptions, Subscription } from '../event-store.js';
import { ConcurrencyError } from '../event-store.js';
import { PollingSubscription } from '../polling-subscription.js';
import { decodePosition, fromStoredEvent, type StoredEsdbEvent, toEventData, toStreamState } from './eventstoredb-mapping.js';

/**
 * The event store port on EventStoreDB / KurrentDB. Its log is single-writer, so $all has no
 * late-commit gaps; global reads skip system events. Followers poll $all from their
 * checkpoint, the same way as on PostgreSQL, so both stores behave alike for consumers.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: KurrentDBClient;
  private readonly pollIntervalMs: number;

  constructor(options: { connectionString: string; pollIntervalMs?: number }) {
    this.client = KurrentDBClient.connectionString(options.connectionString);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  async append(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    if (events.length === 0) return { streamVersion: await this.currentVersion(streamId), events: [], duplicate: false };
    const now = new Date().toISOString();
    const ids = events.map((e) => e.eventId ?? uuidv7());
    const startedAt = Date.now();
    let nextExpectedRevision: bigint;
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e, i) => toEventData(e, ids[i]!, now)),
        { streamState: toStreamState(options.expectedVersion) },
      );
      nextExpectedRevision = result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new ConcurrencyError(streamId, options.expectedVersion, typeof error.actualState === 'bigint' ? Number(error.actualState) + 1 : 0);
      }
      throw error;
    }
    // The server acknowledges a repeated write of the same ids without writing again; the
    // events it points at were then recorded before this call began.
    const last = Number(nextExpectedRevision) + 1;
    const written = await this.readStream(streamId, { fromVersion: last - events.length + 1, toVersion: last });
    const sameIds = written.length === ids.length && written.every((e, i) => e.eventId === ids[i]);
    const duplicate = sameIds && written.every((e) => Date.parse(e.recordedAt) < startedAt - 5);
    return { streamVersion: last, events: written, duplicate };
  }

  private async currentVersion(streamId: string): Promise<number> {
    const events = await this.readStream(streamId);
    return events.length;
  }

  async readStream(streamId: string, options: { fromVersion?: number; toVersion?: number } = {}): Promise<RecordedEvent[]> {
    const from = Math.max(1, options.fromVersion ?? 1);
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    if (to < from) return [];
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: BigInt(from - 1), maxCount: BigInt(Math.min(to - from + 1, 1_000_000)) })) {
        if (resolved.event) events.push(fromStoredEvent(resolved.event as StoredEsdbEvent));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(after: Checkpoint | null, limit = 1000): Promise<ReadAllResult> {
    const from = after ? decodePosition(after) : START;
    const events: RecordedEvent[] = [];
    for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: BigInt(limit + 1), filter: excludeSystemEvents() })) {
      const stored = resolved.event;
      if (!stored?.position) continue;
      // The start position is inclusive: the event at the checkpoint was already read.
      if (after && stored.position.commit === (from as { commit: bigint }).commit && stored.position.prepare === (from as { prepare: bigint }).prepare) continue;
      if (stored.streamId.startsWith('$')) continue;
      events.push(fromStoredEvent(stored as StoredEsdbEvent));
      if (events.length === limit) break;
    }
    return { events, checkpoint: events.length > 0 ? events[events.length - 1]!.checkpoint : after };
  }

  subscribe(options: SubscribeOptions): Subscription {
    return new PollingSubscription({ read: (after, limit) => this.readAll(after, limit), pollIntervalMs: this.pollIntervalMs, ...options });
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
