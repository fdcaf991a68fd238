import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { BaseConfig, Pool } from '@ehr/platform';
import { federatedSubgraph, KAFKA, LOGGER, PG_POOL, ServiceMessaging, type ServiceMessagingOptions } from '@ehr/platform/nest';
import { OrdersApplication } from '../application/orders-application.js';
import { adtEventsHandler } from '../integration/adt-events.handler.js';
import { marEventsHandler } from '../integration/mar-events.handler.js';
import { createReadModel } from '../projections/read-model.js';
import { schema } from '../projections/index.js';
import { Encounter, Patient } from './models.js';
import { OrderResolver } from './order.resolver.js';
import { EncounterOrdersResolver, PatientOrdersResolver } from './record.resolver.js';
import { ORDERS_APPLICATION, READ_MODEL } from './tokens.js';
import { OrderVersionController } from './order-version.controller.js';

/** Orders reach their stop time without anyone acting: a minute's sweep expires them. */
class OrderExpiry implements OnApplicationShutdown {
  private readonly timer: NodeJS.Timeout;
  constructor(orders: OrdersApplication, logger: Logger) {
    this.timer = setInterval(() => {
      orders.expireDueOrders().then(
        (expired) => expired > 0 && logger.info({ expired }, 'orders expired at their stop time'),
        (error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'order expiry will retry'),
      );
    }, 60_000);
    this.timer.unref();
  }
  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}

/** The orders subgraph: Order, Patient.orders/allergies, Encounter.orders, the verification queue, one mutation per intent. */
@Module({})
export class OrdersApiModule {
  static forRoot(config: BaseConfig): DynamicModule {
    return {
      module: OrdersApiModule,
      controllers: [OrderVersionController],
      imports: [
        // Patient and Encounter are ADT's entities, extended here; no query of this subgraph returns them.
        federatedSubgraph({ orphanedTypes: [Patient, Encounter] }),
      ],
      providers: [
        {
          provide: ORDERS_APPLICATION,
          inject: [PG_POOL],
          useFactory: async (pool: Pool) => {
            const orders = new OrdersApplication(pool, config.FACILITY_TIME_ZONE);
            await orders.migrate();
            return orders;
          },
        },
        { provide: READ_MODEL, useFactory: () => createReadModel(config.DATABASE_URL) },
        {
          // Orders follow ADT's encounters and the eMAR's doses given before verification; with Kafka configured they also publish their own events.
          provide: ServiceMessaging,
          inject: [ORDERS_APPLICATION, PG_POOL, KAFKA, LOGGER],
          useFactory: (orders: OrdersApplication, pool: Pool, kafka: ServiceMessagingOptions['kafka'], logger: Logger) =>
            ServiceMessaging.start({ service: 'orders', schema, pool, kafka, store: orders.store, consumers: [
                { sources: ['adt'], handler: adtEventsHandler(orders) },
                { sources: ['mar'], handler: marEventsHandler(orders) },
              ], topicNamespace: config.KAFKA_TOPIC_NAMESPACE, logger }),
        },
        {
          provide: OrderExpiry,
          inject: [ORDERS_APPLICATION, LOGGER],
          useFactory: (orders: OrdersApplication, logger: Logger) => new OrderExpiry(orders, logger),
        },
        OrderResolver,
        PatientOrdersResolver,
        EncounterOrdersResolver,
      ],
    };
  }
}
