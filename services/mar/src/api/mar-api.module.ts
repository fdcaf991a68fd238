import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Pool } from '@ehr/platform';
import { federatedSubgraph, KAFKA, LOGGER, PG_POOL, ServiceMessaging, type ServiceMessagingOptions } from '@ehr/platform/nest';
import { MarApplication } from '../application/mar-application.js';
import { httpSourceVersions } from '../application/source-versions.js';
import type { MarConfig } from '../config.js';
import { recordingSourcePositions } from '../integration/source-positions.js';
import { adtEventsHandler } from '../integration/adt-events.handler.js';
import { ordersEventsHandler } from '../integration/orders-events.handler.js';
import { schema } from '../projections/index.js';
import { createReadModel, type ReadModel } from '../projections/read-model.js';
import { DoseResolver } from './dose.resolver.js';
import { MarReader } from './mar-reader.js';
import { MarResolver, PatientMarResolver } from './mar.resolver.js';
import { Patient } from './models.js';
import { MAR_APPLICATION, MAR_READER, READ_MODEL } from './tokens.js';

/** How often the planner moves the scheduling horizon forward. */
const planEveryMs = 10 * 60_000;

/** Schedules doses ahead as time passes; a failed round is retried at the next. */
class DosePlanner implements OnApplicationShutdown {
  private readonly timer: NodeJS.Timeout;
  constructor(mar: MarApplication, logger: Logger) {
    this.timer = setInterval(() => {
      mar.planAhead().catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'dose planning: will retry'));
    }, planEveryMs);
    this.timer.unref();
  }
  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}

/** The eMAR subgraph: the bedside steps, the shift MAR, the unit's due list, Patient.medicationAdministrations. */
@Module({})
export class MarApiModule {
  static forRoot(config: MarConfig): DynamicModule {
    return {
      module: MarApiModule,
      imports: [
        // Patient is ADT's entity, extended here.
        federatedSubgraph({ orphanedTypes: [Patient] }),
      ],
      providers: [
        {
          provide: MAR_APPLICATION,
          inject: [PG_POOL, LOGGER],
          useFactory: async (pool: Pool, logger: Logger) => {
            if (!config.ADT_URL || !config.ORDERS_URL) logger.warn('ADT_URL or ORDERS_URL is not set: every dose documentation will be refused STATE_UNCONFIRMED');
            const sources = httpSourceVersions({ adt: config.ADT_URL, orders: config.ORDERS_URL }, config.GATEWAY_SHARED_SECRET);
            const mar = new MarApplication(pool, config.FACILITY_TIME_ZONE, sources, { confirmTimeoutMs: config.MAR_CONFIRM_TIMEOUT_MS });
            await mar.migrate();
            return mar;
          },
        },
        { provide: READ_MODEL, useFactory: () => createReadModel(config.DATABASE_URL) },
        {
          provide: MAR_READER,
          inject: [READ_MODEL, PG_POOL, MAR_APPLICATION],
          useFactory: (readModel: ReadModel, pool: Pool, mar: MarApplication) => new MarReader(readModel, pool, mar.policy.zone, mar.policy.timing),
        },
        {
          // The MAR follows the orders it gives doses of and where ADT puts each patient; with Kafka it also publishes ehr.mar.events.
          provide: ServiceMessaging,
          inject: [MAR_APPLICATION, PG_POOL, KAFKA, LOGGER],
          useFactory: (mar: MarApplication, pool: Pool, kafka: ServiceMessagingOptions['kafka'], logger: Logger) =>
            ServiceMessaging.start({
              service: 'mar',
              schema,
              pool,
              kafka,
              store: mar.store,
              consumers: [
                // Each also records how far it has applied the encounter and order streams a dose is confirmed against.
                { sources: ['adt'], handler: recordingSourcePositions(adtEventsHandler(), ['encounter-'], config.MAR_FOLLOWER_DELAY_MS) },
                { sources: ['orders'], handler: recordingSourcePositions(ordersEventsHandler(mar), ['order-'], config.MAR_FOLLOWER_DELAY_MS) },
              ],
              topicNamespace: config.KAFKA_TOPIC_NAMESPACE, logger,
            }),
        },
        { provide: DosePlanner, inject: [MAR_APPLICATION, LOGGER], useFactory: (mar: MarApplication, logger: Logger) => new DosePlanner(mar, logger) },
        DoseResolver,
        MarResolver,
        PatientMarResolver,
      ],
    };
  }
}
