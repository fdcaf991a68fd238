import type { OnApplicationShutdown } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { metrics } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { EventStore } from '../event-store/event-store.js';
import type { Pool } from '../sql/pool.js';
import { EmbeddedEventConsumer } from '../messaging/embedded-consumer.js';
import type { EventConsumer } from '../messaging/event-consumer.js';
import type { EventHandler } from '../messaging/inbox.js';
import { KafkaEventConsumer } from '../messaging/kafka-consumer.js';
import { messagingBacklog, type MessagingBacklog, observeMessagingBacklog } from '../messaging/dead-letters.js';
import { migrateMessaging } from '../messaging/messaging-schema.js';
import { Relay } from '../messaging/relay.js';

export interface ServiceMessagingOptions {
  service: string;
  /** The service's schema: relay checkpoint, inbox, consumer checkpoints, dead letters. */
  schema: string;
  pool: Pool;
  /** Null: the embedded transport, where consumers read the producers' event tables. */
  kafka: Kafka | null;
  /** The Kafka topic namespace (KAFKA_TOPIC_NAMESPACE). */
  topicNamespace?: string;
  /** This service's events, published to `ehr.<service>.events` when Kafka is configured. */
  store: EventStore;
  /** Handlers of other services' events, by the services that produce them. */
  consumers: Array<{ sources: string[]; handler: EventHandler }>;
  logger: Logger;
}

/**
 * A service's place on the event bus, on whichever transport is configured: with Kafka, a
 * relay publishes its events and consumer groups read the others'; without, each consumer
 * follows the producing service's event table in the shared database. Both apply each event
 * at most once through the same inbox.
 */
export class ServiceMessaging implements OnApplicationShutdown {
  private constructor(
    private readonly parts: Array<{ start(): Promise<void>; stop(): Promise<void> }>,
    /** Where its waiting room and dead letters are, for /health and the dead-letter API. */
    readonly pool: Pool,
    readonly schema: string,
  ) {}

  /** Events waiting for a predecessor, dead letters not yet resolved, and each consumer group's lag. */
  async backlog(): Promise<MessagingBacklog> {
    const groups = this.parts.filter((p): p is KafkaEventConsumer => p instanceof KafkaEventConsumer);
    const [backlog, consumerLag] = await Promise.all([
      messagingBacklog(this.pool, this.schema),
      Promise.all(groups.map((c) => c.lag().then((messages) => ({ group: c.groupId, messages }), (error: Error) => ({ group: c.groupId, messages: null, error: error.message })))),
    ]);
    return groups.length > 0 ? { ...backlog, consumerLag } : backlog;
  }

  static async start(options: ServiceMessagingOptions): Promise<ServiceMessaging> {
    const { service, schema, pool, kafka, store, logger } = options;
    await migrateMessaging(pool, schema);
    // Each part says what it waits for once, not at every retry (a producer not yet deployed is a long wait).
    const reporter = (part: string) => {
      let last: string | null = null;
      return (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (message !== last) logger.warn({ part, err: message }, 'event bus: waiting, will retry');
        last = message;
      };
    };
    const parts: Array<Relay | EventConsumer> = [];
    if (kafka) parts.push(new Relay({ store, pool, schema, service, kafka, topicNamespace: options.topicNamespace, onError: reporter('relay') }));
    for (const { sources, handler } of options.consumers) {
      if (kafka) parts.push(new KafkaEventConsumer({ kafka, pool, schema, service, sources, handler, topicNamespace: options.topicNamespace, onError: reporter(handler.name) }));
      else parts.push(...sources.map((source) => new EmbeddedEventConsumer({ pool, schema, source, handler, onError: reporter(`${handler.name}<-${source}`) })));
    }
    for (const part of parts) await part.start();
    observeMessagingBacklog(pool, schema);
    const groups = parts.filter((p): p is KafkaEventConsumer => p instanceof KafkaEventConsumer);
    if (groups.length > 0) {
      metrics.getMeter('@ehr/platform/messaging').createObservableGauge('ehr.messaging.consumer_lag', { description: 'Messages a consumer group has not consumed yet' }).addCallback(async (result) => {
        for (const group of groups) {
          const lag = await group.lag().catch(() => null);
          if (lag !== null) result.observe(lag, { 'ehr.consumer_group': group.groupId });
        }
      });
    }
    logger.info({ transport: kafka ? 'kafka' : 'embedded', consumers: options.consumers.map((c) => `${c.handler.name}<-${c.sources.join('+')}`) }, 'event bus connected');
    return new ServiceMessaging(parts, pool, schema);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const part of [...this.parts].reverse()) await part.stop();
  }
}

/** The service's messaging, when it has one (a service that consumes nothing has none). */
export function serviceMessagingOf(moduleRef: ModuleRef): ServiceMessaging | null {
  try {
    return moduleRef.get(ServiceMessaging, { strict: false });
  } catch {
    return null;
  }
}
