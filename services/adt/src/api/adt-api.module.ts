import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type BaseConfig } from '@ehr/platform';
import { federatedSubgraph, KAFKA, LOGGER, PG_POOL, ServiceMessaging, type ServiceMessagingOptions } from '@ehr/platform/nest';
import type { Logger } from 'pino';
import { edEventsHandler } from '../integration/ed-events.handler.js';
import { Hl7Outbound } from '../integration/hl7/hl7-outbound.js';
import type { Pool } from '@ehr/platform';
import { AdtApplication } from '../application/adt-application.js';
import { demoHospital } from '../domain/facility.js';
import { createReadModel } from '../projections/read-model.js';
import { BedBoardResolver } from './bed-board.resolver.js';
import { BedRequestResolver } from './bed-request.resolver.js';
import { EncounterResolver } from './encounter.resolver.js';
import { Hl7QueueResolver } from './hl7-queue.resolver.js';
import { PatientResolver } from './patient.resolver.js';
import { ADT_APPLICATION, READ_MODEL } from './tokens.js';
import { EncounterVersionController } from './encounter-version.controller.js';

/** Stops the HL7 feed with the application, so its lock and connection are given back. */
class HL7Stopper implements OnApplicationShutdown {
  constructor(@Inject(Hl7Outbound) private readonly outbound: Hl7Outbound | null) {}
  async onApplicationShutdown(): Promise<void> {
    await this.outbound?.stop();
  }
}

/** The ADT subgraph: Patient and Encounter entities, search, bed board, census, one mutation per intent. */
@Module({})
export class AdtApiModule {
  static forRoot(config: BaseConfig & { SEED_DEMO_HOSPITAL: boolean; HL7_RECEIVER?: string; HL7_PERSON_MESSAGES: boolean; FACILITY_ID: string; ADT_BACKDATING_LIMIT_HOURS: number | null }): DynamicModule {
    return {
      module: AdtApiModule,
      controllers: [EncounterVersionController],
      imports: [federatedSubgraph()],
      providers: [
        {
          provide: ADT_APPLICATION,
          inject: [PG_POOL],
          useFactory: async (pool: Pool) => {
            const adt = new AdtApplication(pool, config.FACILITY_TIME_ZONE, { backdatingLimitHours: config.ADT_BACKDATING_LIMIT_HOURS });
            await adt.migrate();
            if (config.SEED_DEMO_HOSPITAL) await adt.commissionFacility(demoHospital.units, { actor: { id: 'system:seed', role: 'admin' } });
            return adt;
          },
        },
        { provide: READ_MODEL, useFactory: () => createReadModel(config.DATABASE_URL) },
        {
          provide: Hl7Outbound,
          inject: [ADT_APPLICATION, PG_POOL, LOGGER],
          useFactory: async (adt: AdtApplication, pool: Pool, logger: Logger) => {
            if (!config.HL7_RECEIVER) return null;
            const [host, port] = config.HL7_RECEIVER.split(':') as [string, string];
            const facility = { id: config.FACILITY_ID, zone: config.FACILITY_TIME_ZONE, sendingApplication: 'EHR-ADT', receivingApplication: 'ADT-RECEIVER', receivingFacility: config.FACILITY_ID };
            const outbound = new Hl7Outbound({ pool, store: adt.store, schema: 'adt', facility, personMessages: config.HL7_PERSON_MESSAGES, host, port: Number(port), onError: (error) => logger.warn({ err: String(error) }, 'HL7 feed waiting'),
              // Every AE/AR is logged with the message's MSH-10 and the receiver's reason.
              onRejected: (rejection) => logger.warn({ ...rejection }, rejection.retryAt ? 'HL7 message refused for now (AR), retrying' : 'HL7 message rejected (AE), parked'),
            });
            await outbound.start();
            return outbound;
          },
        },
        HL7Stopper,
        {
          // ADT opens bed requests for the ED's decisions to admit; with Kafka configured it publishes its own events.
          provide: ServiceMessaging,
          inject: [ADT_APPLICATION, PG_POOL, KAFKA, LOGGER],
          useFactory: (adt: AdtApplication, pool: Pool, kafka: ServiceMessagingOptions['kafka'], logger: Logger) =>
            ServiceMessaging.start({ service: 'adt', schema: 'adt', pool, kafka, store: adt.store, consumers: [{ sources: ['ed'], handler: edEventsHandler(adt) }], topicNamespace: config.KAFKA_TOPIC_NAMESPACE, logger }),
        },
        PatientResolver,
        EncounterResolver,
        BedBoardResolver,
        BedRequestResolver,
        Hl7QueueResolver,
      ],
    };
  }
}
