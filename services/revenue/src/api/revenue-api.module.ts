import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Pool } from '@ehr/platform';
import { federatedSubgraph, KAFKA, LOGGER, PG_POOL, ServiceMessaging, type ServiceMessagingOptions } from '@ehr/platform/nest';
import { RevenueApplication } from '../application/revenue-application.js';
import type { RevenueConfig } from '../config.js';
import { adtEventsHandler } from '../integration/adt-events.handler.js';
import { edEventsHandler } from '../integration/ed-events.handler.js';
import { marEventsHandler } from '../integration/mar-events.handler.js';
import { ordersEventsHandler } from '../integration/orders-events.handler.js';
import { schema } from '../projections/index.js';
import { createReadModel } from '../projections/read-model.js';
import { AccountResolver } from './account.resolver.js';
import { ClaimResolver } from './claim.resolver.js';
import { Encounter, Patient } from './models.js';
import { QueueResolver } from './queue.resolver.js';
import { EncounterAccountResolver, PatientAccountsResolver } from './record.resolver.js';
import { ReportResolver } from './report.resolver.js';
import { READ_MODEL, REVENUE_APPLICATION } from './tokens.js';

/** Midnights pass without an ADT event: a minute's census sweep posts each in-house patient's new day. */
class CensusSweep implements OnApplicationShutdown {
  private readonly timer: NodeJS.Timeout;
  constructor(revenue: RevenueApplication, logger: Logger) {
    this.timer = setInterval(() => {
      revenue.runCensus().then(
        (posted) => posted > 0 && logger.info({ posted }, 'census days posted'),
        (error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'census sweep will retry'),
      );
    }, 60_000);
    this.timer.unref();
  }
  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}

/** The revenue subgraph: accounts, claims (with their 837I), work queues, Patient.accounts, Encounter.account, one mutation per intent. */
@Module({})
export class RevenueApiModule {
  static forRoot(config: RevenueConfig): DynamicModule {
    return {
      module: RevenueApiModule,
      imports: [
        // Patient and Encounter are ADT's entities, extended here; no query of this subgraph returns them.
        federatedSubgraph({ orphanedTypes: [Patient, Encounter] }),
      ],
      providers: [
        {
          provide: REVENUE_APPLICATION,
          inject: [PG_POOL],
          useFactory: async (pool: Pool) => {
            const revenue = new RevenueApplication(pool, config.FACILITY_TIME_ZONE, config.REVENUE_SUSPENSE_DAYS);
            await revenue.migrate();
            return revenue;
          },
        },
        { provide: READ_MODEL, useFactory: () => createReadModel(config.DATABASE_URL) },
        {
          // Charges come from ADT (census), the ED (levels), orders (lab, imaging) and the MAR (doses).
          provide: ServiceMessaging,
          inject: [REVENUE_APPLICATION, PG_POOL, KAFKA, LOGGER],
          useFactory: (revenue: RevenueApplication, pool: Pool, kafka: ServiceMessagingOptions['kafka'], logger: Logger) =>
            ServiceMessaging.start({
              service: 'revenue',
              schema,
              pool,
              kafka,
              store: revenue.store,
              consumers: [
                { sources: ['adt'], handler: adtEventsHandler(revenue) },
                { sources: ['ed'], handler: edEventsHandler(revenue) },
                { sources: ['orders'], handler: ordersEventsHandler(revenue) },
                { sources: ['mar'], handler: marEventsHandler(revenue) },
              ],
              topicNamespace: config.KAFKA_TOPIC_NAMESPACE, logger,
            }),
        },
        {
          provide: CensusSweep,
          inject: [REVENUE_APPLICATION, LOGGER],
          useFactory: (revenue: RevenueApplication, logger: Logger) => new CensusSweep(revenue, logger),
        },
        AccountResolver,
        ClaimResolver,
        QueueResolver,
        PatientAccountsResolver,
        EncounterAccountResolver,
        ReportResolver,
      ],
    };
  }
}
