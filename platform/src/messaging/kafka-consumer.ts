import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { deadLetterTopic, defaultTopicNamespace, type EventEnvelope, eventEnvelopeSchema, eventsTopic } from '@ehr/contracts';
import type { Pool } from '../sql/pool.js';
import { recordDeadLetter, undecodableEventId } from './dead-letters.js';
import { deliverAll } from './delivery.js';
import { describeError, type EventHandler } from './inbox.js';
import { orderKeyOf, WaitingRoom } from './waiting-room.js';
import { ensureTopics } from './topics.js';
import type { EventConsumer } from './event-consumer.js';

export interface KafkaEventConsumerOptions {
  kafka: Kafka;
  /** The consuming service's database and schema (inbox). */
  pool: Pool;
  schema: string;
  /** The consuming service: its dead-letter topic is `ehr.<service>.dlq`. */
  service: string;
  /** Producing services whose topics are read, e.g. ['adt', 'orders']. */
  sources: string[];
  handler: EventHandler;
  /** See eventsTopic: `ehr` unless environments share the cluster. */
  topicNamespace?: string;
  /** Attempts before an event goes to the dead-letter topic. */
  maxAttempts?: number;
  /**
   * Events of one partition applied in one transaction at most (default 20; 1 applies each in its
   * own). Kept small: while a transaction that writes is open no relay of the cluster reads past
   * it (the event store's horizon), so a long one delays every service's events.
   */
  eventsPerTransaction?: number;
  /** How soon a member that died is noticed and its partitions handed on (broker minimum 6 s). */
  sessionTimeoutMs?: number;
  onError?(error: unknown, event: EventEnvelope | null): void;
}

const tracer = trace.getTracer('@ehr/platform/messaging');

/** Why a message could not even be read as an event: it goes to the DLQ on the first try. */
class PoisonMessageError extends Error {}

function decode(message: KafkaMessage): EventEnvelope {
  const raw = message.value?.toString('utf8');
  if (!raw) throw new PoisonMessageError('the message has no value');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new PoisonMessageError('the message value is not JSON');
  }
  const parsed = eventEnvelopeSchema.safeParse(json);
  if (!parsed.success) throw new PoisonMessageError(`the message is not an event envelope: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data as EventEnvelope;
}

/**
 * A consumer group member: each message is applied once through the inbox, then its offset
 * is committed (at least once delivery, exactly-once effect). A partition's messages are
 * handled in order, so one patient's events keep theirs, a run of up to `eventsPerTransaction`
 * of them in one transaction; partitions are handled in parallel. An event whose
 * predecessor from another service has not arrived waits in the waiting room (see `deliver`);
 * a message that is malformed or keeps failing is dead-lettered (the `dead_letters` table,
 * open until replayed or discarded, and the dead-letter topic), and the partition moves on.
 */
export class KafkaEventConsumer implements EventConsumer {
  private consumer: Consumer | null = null;
  private dlqProducer: Producer | null = null;
  private readonly maxAttempts: number;
  private readonly eventsPerTransaction: number;
  private readonly room: WaitingRoom;
  private readonly topics: string[];
  /** The consumer group: `<service>.<handler>`, prefixed by the namespace unless it is `ehr`. */
  readonly groupId: string;

  constructor(private readonly options: KafkaEventConsumerOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.eventsPerTransaction = Math.max(1, options.eventsPerTransaction ?? 20);
    const namespace = options.topicNamespace ?? defaultTopicNamespace;
    this.topics = options.sources.map((s) => eventsTopic(s, namespace));
    this.groupId = namespace === defaultTopicNamespace ? `${options.service}.${options.handler.name}` : `${namespace}.${options.service}.${options.handler.name}`;
    this.room = new WaitingRoom({
      pool: options.pool,
      schema: options.schema,
      handler: options.handler,
      maxAttempts: this.maxAttempts,
      onDeadLetter: (event, error) => this.sendToDeadLetterTopic(Buffer.from(orderKeyOf(event)), Buffer.from(JSON.stringify(event)), {}, error, this.maxAttempts, 'waiting room'),
      onError: (error) => options.onError?.(error, null),
    });
  }

  async start(): Promise<void> {
    const { kafka, service } = this.options;
    const topics = this.topics;
    await ensureTopics(kafka, [...topics, deadLetterTopic(service, this.options.topicNamespace ?? defaultTopicNamespace)]);
    this.dlqProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.dlqProducer.connect();
    this.consumer = kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 1_000,
      // After the broker was away, rejoin within seconds: kafkajs' default back-off grows towards 30 s between restarts.
      retry: { initialRetryTime: 250, maxRetryTime: 2_000, retries: 8 },
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Partitions in parallel; within a partition (one patient's events) strictly in order.
      partitionsConsumedConcurrently: 3,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.room.start();
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    let done: string | null = null;
    try {
      for (let from = 0; from < batch.messages.length; from += this.eventsPerTransaction) {
        if (!isRunning() || isStale()) break;
        const run = batch.messages.slice(from, from + this.eventsPerTransaction);
        await this.handleRun(batch.topic, batch.partition, run, heartbeat);
        done = run.at(-1)!.offset;
        resolveOffset(done);
        await heartbeat();
      }
    } finally {
      // Offsets follow processing: a crash before this line redelivers, and the inbox makes
      // the redelivery a no-op.
      if (done !== null && this.consumer) {
        await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(done) + 1n).toString() }]);
      }
    }
  }

  /** A run of one partition's messages, in order: its events delivered in one transaction (see `deliverAll`). */
  private async handleRun(topic: string, partition: number, messages: KafkaMessage[], heartbeat: () => Promise<void>): Promise<void> {
    const events: Array<{ event: EventEnvelope; source: string; message: KafkaMessage }> = [];
    for (const message of messages) {
      const source = `${topic}/${partition}/${message.offset}`;
      try {
        events.push({ event: decode(message), source, message });
      } catch (error) {
        // Not an event at all: dead-lettered on the first try, kept with the raw value.
        this.options.onError?.(error, null);
        await recordDeadLetter(this.options.pool, this.options.schema, { consumer: this.options.handler.name, eventId: undecodableEventId(source), event: { undecodable: message.value?.toString('utf8') ?? '' }, error, attempts: 1, source });
        await this.sendToDeadLetterTopic(message.key, message.value, message.headers, error, 1, source);
      }
    }
    if (events.length === 0) return;
    const messageOf = new Map(events.map((e) => [e.event, e.message]));
    const results = await deliverAll(events, {
      pool: this.options.pool,
      schema: this.options.schema,
      handler: this.options.handler,
      room: this.room,
      maxAttempts: this.maxAttempts,
      beforeRetry: heartbeat,
      within: (event, work) => this.traced(messageOf.get(event)!, event, work),
    });
    for (const [i, result] of results.entries()) {
      if (result.delivery !== 'dead-lettered') continue;
      const { event, message, source } = events[i]!;
      this.options.onError?.(result.error, event);
      await this.sendToDeadLetterTopic(message.key, message.value, message.headers, result.error, this.maxAttempts, source);
    }
  }

  /** The handler's work as a span of the trace that stored the event (its name, never the patient). */
  private traced<T>(message: KafkaMessage, event: EventEnvelope, work: () => Promise<T>): Promise<T> {
    const carrier = { traceparent: message.headers?.traceparent?.toString() ?? event.traceparent ?? undefined };
    return context.with(propagation.extract(ROOT_CONTEXT, carrier), () =>
      tracer.startActiveSpan(`${this.options.handler.name} ${event.type}`, { attributes: { 'ehr.event.id': event.eventId } }, (span) => work().finally(() => span.end())),
    );
  }

  /** The dead-letter topic mirrors the `dead_letters` table, for whoever watches the bus. */
  private async sendToDeadLetterTopic(key: KafkaMessage['key'], value: KafkaMessage['value'], headers: KafkaMessage['headers'], error: unknown, attempts: number, source: string): Promise<void> {
    await this.dlqProducer!.send({
      topic: deadLetterTopic(this.options.service, this.options.topicNamespace),
      acks: -1,
      messages: [{ key, value, headers: { ...headers, 'dlq.consumer': this.options.handler.name, 'dlq.error': describeError(error), 'dlq.source': source, 'dlq.attempts': String(attempts) } }],
    });
  }

  /** Messages on its topics the group has not committed yet: the high watermarks less the committed offsets. */
  async lag(): Promise<number> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      let lag = 0;
      for (const topic of this.topics) {
        const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId: this.groupId, topics: [topic] })]);
        const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
        for (const end of ends) {
          const from = done.get(end.partition) ?? -1n;
          lag += Number(BigInt(end.high) - (from >= 0n ? from : BigInt(end.low)));
        }
      }
      return lag;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    await this.room.stop();
    await this.consumer?.disconnect().catch(() => undefined);
    await this.dlqProducer?.disconnect().catch(() => undefined);
    this.consumer = null;
    this.dlqProducer = null;
  }
}
