import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { type BaseConfig } from '@ehr/platform';
import { PG_POOL, RolesGuard } from '@ehr/platform/nest';
import type { Pool } from '@ehr/platform';
import { AdtApplication } from '../application/adt-application.js';
import { demoHospital } from '../domain/facility.js';
import { createReadModel } from '../projections/read-model.js';
import { BedBoardResolver } from './bed-board.resolver.js';
import { EncounterResolver } from './encounter.resolver.js';
import { PatientResolver } from './patient.resolver.js';
import { ADT_APPLICATION, READ_MODEL } from './tokens.js';

/** The ADT subgraph: Patient and Encounter entities, search, bed board, census, one mutation per intent. */
@Module({})
export class AdtApiModule {
  static forRoot(config: BaseConfig & { SEED_DEMO_HOSPITAL: boolean }): DynamicModule {
    return {
      module: AdtApiModule,
      imports: [
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          autoSchemaFile: { federation: 2 },
          path: '/graphql',
          // Integrators learn the API from the schema through the gateway; here only in development.
          introspection: process.env.NODE_ENV !== 'production',
          context: (request: FastifyRequest) => ({ req: request }),
          // Traces go through OpenTelemetry, not Apollo's inline tracing to the gateway.
          plugins: [ApolloServerPluginInlineTraceDisabled()],
        }),
      ],
      providers: [
        {
          provide: ADT_APPLICATION,
          inject: [PG_POOL],
          useFactory: async (pool: Pool) => {
            const adt = new AdtApplication(pool, config.FACILITY_TIME_ZONE);
            await adt.migrate();
            if (config.SEED_DEMO_HOSPITAL) await adt.commissionFacility(demoHospital.units, { actor: { id: 'system:seed', role: 'admin' } });
            return adt;
          },
        },
        { provide: READ_MODEL, useFactory: () => createReadModel(config.DATABASE_URL) },
        { provide: APP_GUARD, useClass: RolesGuard },
        PatientResolver,
        EncounterResolver,
        BedBoardResolver,
      ],
    };
  }
}
