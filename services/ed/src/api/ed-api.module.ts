import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Pool } from '@ehr/platform';
import { federatedSubgraph, KAFKA, LOGGER, PG_POOL, ServiceMessaging, type ServiceMessagingOptions } from '@ehr/platform/nest';
import { EdApplication } from '../application/ed-application.js';
import type { EdConfig } from '../config.js';
import { adtEventsHandler } from '../integration/adt-events.handler.js';
import { schema } from '../projections/index.js';
import { createReadModel } from '../projections/read-model.js';
import { BoardResolver } from './board.resolver.js';
import { Patient } from './models.js';
import { PatientEdVisitsResolver } from './record.resolver.js';
import { ED_APPLICATION, READ_MODEL } from './tokens.js';
import { VisitResolver } from './visit.resolver.js';

/** The ED subgraph: EdVisit, the board, measures, Patient.edVisits, one mutation per step of the visit. */
@Module({})
export class EdApiModule {
  static forRoot(config: EdConfig): DynamicModule {
    return {
      module: EdApiModule,
      imports: [
        // Patient is ADT's entity, extended here; no query of this subgraph returns it alone.
        federatedSubgraph({ orphanedTypes: [Patient] }),
      ],
      providers: [
        {
          provide: ED_APPLICATION,
          inject: [PG_POOL],
          useFactory: async (pool: Pool) => {
            const ed = new EdApplication(pool, config.ED_THRESHOLDS, config.ED_ADMISSION_DECISION_RULE);
            await ed.migrate();
            return ed;
          },
        },
        { provide: READ_MODEL, useFactory: () => createReadModel(config.DATABASE_URL) },
        {
          // The ED follows ADT's bed requests and beds; ADT follows the ED's decisions to admit.
          provide: ServiceMessaging,
          inject: [ED_APPLICATION, PG_POOL, KAFKA, LOGGER],
          useFactory: (ed: EdApplication, pool: Pool, kafka: ServiceMessagingOptions['kafka'], logger: Logger) =>
            ServiceMessaging.start({ service: 'ed', schema, pool, kafka, store: ed.store, consumers: [{ sources: ['adt'], handler: adtEventsHandler(ed) }], topicNamespace: config.KAFKA_TOPIC_NAMESPACE, logger }),
        },
        BoardResolver,
        VisitResolver,
        PatientEdVisitsResolver,
      ],
    };
  }
}
