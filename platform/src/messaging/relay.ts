import type { Kafka, Message, Producer } from 'kafkajs';
import { eventsTopic } from '@ehr/contracts';
import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '../event-store/event-store.js';
import type { Pool } from '../sql/pool.js';
import { sqlIdentifier } from '../sql/pool.js';
import { LeaderLock } from './leader-lock.js';
import { ensureTopics } from './topics.js';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { currentTraceparent, withTraceparent } from '../telemetry/trace-context.js';

const tracer = trace.getTracer('@ehr/platform/messaging');

export interface RelayOptions {
  store: EventStore;
  /** Where the relay keeps its checkpoint: the service's own database and schema. */
  pool: Pool;
  schema: string;
  service: string;
  kafka: Kafka;
  /** See eventsTopic: `ehr` unless environments share the cluster. */
  topicNamespace?: string;
  batchSize?: number;
  /** How often a standby instance tries to become the leader (default 1 s). */
  leaderRetryMs?: number;
  onError?(error: unknown): void;
}

/** The envelope as published: everything but the store's own position. */
export function toKafkaMessage(event: RecordedEvent): Message {
  const { checkpoint: _checkpoint, extra: _extra, ...envelope } = event;
  const headers: Record<string, string> = { eventId: event.eventId, type: event.type, schemaVersion: String(event.schemaVersion) };
  if (event.traceparent) headers.traceparent = event.traceparent;
  // One patient's events share a key, so they land in one partition, in order.
  return { key: event.patientId ?? event.streamId, value: JSON.stringify(envelope), headers };
}

/**
 * A stored checkpoint as a sortable row: both stores write two numbers, `<a>/<b>` on PostgreSQL
 * (transaction, global position) and `esdb:<commit>/<prepare>` on EventStoreDB.
 */
const checkpointOrder = (column: string): string =>
  `ROW(split_part(regexp_replace(${column}, '^esdb:', ''), '/', 1)::numeric, split_part(${column}, '/', 2)::numeric)`;

const withSendingTrace = (message: Message, traceparent: string | null): Message => (traceparent ? { ...message, headers: { ...message.headers, traceparent } } : message);

/** Consecutive events that share a traceparent, in order. */
function runsOfOneTrace(events: RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  for (const event of events) {
    const last = runs.at(-1);
    if (last && last[0]!.traceparent === event.traceparent) last.push(event);
    else runs.push([event]);
  }
  return runs;
}

/**
 * Publishes every committed event of a service's store to `ehr.<service>.events`, in global
 * order, and moves its checkpoint only after the broker acknowledged the batch. While Kafka
 * is down the batch is retried and events wait in the store; after a restart the relay
 * resumes from its checkpoint. A batch may be sent twice (a crash between ack and
 * checkpoint): consumers deduplicate by event id.
 *
 * Of the instances of a service one relay leads, by a PostgreSQL advisory lock named after
 * it; the others stand by and one takes over within seconds when the leader's connection
 * ends. The checkpoint only moves forward, so a deposed leader finishing a batch cannot
 * take it back.
 */
export class Relay {
  private readonly name: string;
  private readonly topic: string;
  private producer: Producer | null = null;
  private subscription: Subscription | null = null;
  private readonly leadership: LeaderLock;

  constructor(private readonly options: RelayOptions) {
    this.name = `relay:${options.service}`;
    this.topic = eventsTopic(options.service, options.topicNamespace);
    this.leadership = new LeaderLock({
      pool: options.pool,
      name: `${options.schema}.${this.name}`,
      retryMs: options.leaderRetryMs,
      onAcquired: () => this.lead(),
      onLost: () => this.standBy(),
      onError: options.onError,
    });
  }

  /** Leads at once if no other instance does, else stands by; resolves either way. */
  start(): Promise<void> {
    return this.leadership.start();
  }

  get leading(): boolean {
    return this.leadership.leading;
  }

  private async lead(): Promise<void> {
    const s = sqlIdentifier(this.options.schema);
    const { rows } = await this.options.pool.query<{ checkpoint: string }>(`SELECT checkpoint FROM ${s}.relay_checkpoints WHERE name = $1`, [this.name]);
    this.subscription = this.options.store.subscribe({
      from: (rows[0]?.checkpoint as Checkpoint | undefined) ?? null,
      batchSize: this.options.batchSize ?? 1000,
      handler: (events, checkpoint) => this.publish(events, checkpoint),
      onError: (error) => {
        // Drop the producer: a fresh one reconnects cleanly when Kafka is back.
        void this.resetProducer();
        this.options.onError?.(error);
      },
    });
  }

  private async standBy(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
    await this.resetProducer();
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    await ensureTopics(this.options.kafka, [this.topic]);
    const producer = this.options.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: { retries: 3 } });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }

  private async publish(events: RecordedEvent[], checkpoint: Checkpoint): Promise<void> {
    const producer = await this.connectedProducer();
    // Each run of events stored in one trace gets a producer span of that trace, and its messages
    // carry the span, so the consumers continue the trace that stored them. The whole batch goes
    // in one request: one round trip to the broker, not one per command.
    const attributes = { 'messaging.system': 'kafka', 'messaging.destination.name': this.topic };
    const spans = runsOfOneTrace(events).map((run) =>
      withTraceparent(run[0]!.traceparent, () => {
        const span = tracer.startSpan(`send ${this.topic}`, { kind: SpanKind.PRODUCER, attributes: { ...attributes, 'messaging.batch.message_count': run.length } });
        const sending = context.with(trace.setSpan(context.active(), span), currentTraceparent);
        return { span, messages: run.map((event) => withSendingTrace(toKafkaMessage(event), sending)) };
      }),
    );
    try {
      await producer.send({ topic: this.topic, acks: -1, messages: spans.flatMap((s) => s.messages) });
    } finally {
      for (const { span } of spans) span.end();
    }
    const s = sqlIdentifier(this.options.schema);
    await this.options.pool.query(
      `INSERT INTO ${s}.relay_checkpoints (name, checkpoint) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, updated_at = now()
       WHERE ${checkpointOrder('EXCLUDED.checkpoint')} > ${checkpointOrder(`${s}.relay_checkpoints.checkpoint`)}`,
      [this.name, checkpoint],
    );
  }

  /** Resolves when everything visible in the store when called has been published. */
  caughtUp(): Promise<void> {
    if (!this.subscription) throw new Error('the relay is not leading');
    return this.subscription.caughtUp();
  }

  /** Stops publishing, then gives leadership up to a standby. */
  stop(): Promise<void> {
    return this.leadership.stop();
  }
}
