import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { deadLetterTopic, defaultTopicNamespace, type EventEnvelope, eventEnvelopeSchema, eventsTopic } from '@ehr/contracts';
import type { Pool } from '../sql/pool.js';
import { applyOnce, describeError, type EventHandler, withRetries } from './inbox.js';
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
 * handled one after another so one patient's events keep their order. A message that keeps
 * failing goes to the dead-letter topic with its error, and the partition moves on.
 */
export class KafkaEventConsumer implements EventConsumer {
  private consumer: Consumer | null = null;
  private dlqProducer: Producer | null = null;
  private readonly maxAttempts: number;

  constructor(private readonly options: KafkaEventConsumerOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  async start(): Promise<void> {
    const { kafka, service, sources, handler } = this.options;
    const namespace = this.options.topicNamespace ?? defaultTopicNamespace;
    const topics = sources.map((s) => eventsTopic(s, namespace));
    await ensureTopics(kafka, [...topics, deadLetterTopic(service, namespace)]);
    this.dlqProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.dlqProducer.connect();
    this.consumer = kafka.consumer({ groupId: namespace === defaultTopicNamespace ? `${service}.${handler.name}` : `${namespace}.${service}.${handler.name}`, sessionTimeout: this.options.sessionTimeoutMs ?? 30_000, heartbeatInterval: 1_000 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Partitions in parallel; within a partition (one patient's events) strictly in order.
      partitionsConsumedConcurrently: 3,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    let done: string | null = null;
    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        await this.handleMessage(batch.topic, batch.partition, message, heartbeat);
        resolveOffset(message.offset);
        done = message.offset;
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

  private async handleMessage(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    let event: EventEnvelope | null = null;
    let result: { ok: true } | { ok: false; error: unknown };
    try {
      const decoded = decode(message);
      event = decoded;
      const carrier = { traceparent: message.headers?.traceparent?.toString() ?? decoded.traceparent ?? undefined };
      const traced = propagation.extract(ROOT_CONTEXT, carrier);
      result = await withRetries(
        this.maxAttempts,
        // The handler's work is a span of the trace that stored the event (its name, never the patient).
        () =>
          context.with(traced, () =>
            tracer.startActiveSpan(`${this.options.handler.name} ${decoded.type}`, { attributes: { 'ehr.event.id': decoded.eventId } }, (span) =>
              applyOnce(this.options.pool, this.options.schema, this.options.handler, decoded).finally(() => span.end()),
            ),
          ),
        heartbeat,
      );
    } catch (error) {
      result = { ok: false, error };
    }
    if (result.ok) return;
    this.options.onError?.(result.error, event);
    await this.dlqProducer!.send({
      topic: deadLetterTopic(this.options.service, this.options.topicNamespace),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'dlq.consumer': this.options.handler.name,
            'dlq.error': describeError(result.error),
            'dlq.source': `${topic}/${partition}/${message.offset}`,
            'dlq.attempts': String(result.error instanceof PoisonMessageError ? 1 : this.maxAttempts),
          },
        },
      ],
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.dlqProducer?.disconnect().catch(() => undefined);
    this.consumer = null;
    this.dlqProducer = null;
  }
}
