import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { BaseConfig, Pool } from '@ehr/platform';
import { KAFKA, LOGGER, PG_POOL, RolesGuard, ServiceMessaging, type ServiceMessagingOptions } from '@ehr/platform/nest';
import { OrdersApplication } from '../application/orders-application.js';
import { adtEventsHandler } from '../integration/adt-events.handler.js';
import { createReadModel } from '../projections/read-model.js';
import { schema } from '../projections/index.js';
import { Encounter, Patient } from './models.js';
import { OrderResolver } from './order.resolver.js';
import { EncounterOrdersResolver, PatientOrdersResolver } from './record.resolver.js';
import { ORDERS_APPLICATION, READ_MODEL } from './tokens.js';

/** The orders subgraph: Order, Patient.orders/allergies, Encounter.orders, the verification queue, one mutation per intent. */
@Module({})
export class OrdersApiModule {
  static forRoot(config: BaseConfig): DynamicModule {
    return {
      module: OrdersApiModule,
      imports: [
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          autoSchemaFile: { federation: 2 },
          // Patient and Encounter are ADT's entities, extended here; no query of this subgraph returns them.
          buildSchemaOptions: { orphanedTypes: [Patient, Encounter] },
          path: '/graphql',
          introspection: process.env.NODE_ENV !== 'production',
          context: (request: FastifyRequest) => ({ req: request }),
          plugins: [ApolloServerPluginInlineTraceDisabled()],
        }),
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
          // Orders follow ADT's encounters; with Kafka configured they also publish their own events.
          provide: ServiceMessaging,
          inject: [ORDERS_APPLICATION, PG_POOL, KAFKA, LOGGER],
          useFactory: (orders: OrdersApplication, pool: Pool, kafka: ServiceMessagingOptions['kafka'], logger: Logger) =>
            ServiceMessaging.start({ service: 'orders', schema, pool, kafka, store: orders.store, consumers: [{ sources: ['adt'], handler: adtEventsHandler(orders) }], logger }),
        },
        { provide: APP_GUARD, useClass: RolesGuard },
        OrderResolver,
        PatientOrdersResolver,
        EncounterOrdersResolver,
      ],
    };
  }
}
