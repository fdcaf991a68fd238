import { join } from 'node:path';
import { IntrospectAndCompose } from '@apollo/gateway';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { migrateOrVerifyAuditSchema, pageSizes, type Pool } from '@ehr/platform';
import { LOGGER, PG_POOL } from '@ehr/platform/nest';
import { AuditController } from './audit/audit.controller.js';
import { AuditLog } from './audit/audit-log.js';
import { auditPlugin } from './audit/audit.plugin.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthenticationError, TokenService } from './auth/token-service.js';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { aliasLimit } from './limits/alias-limit.js';
import { clientErrors } from './limits/client-errors.js';
import { costLimit } from './limits/cost-limit.js';
import { depthLimit } from './limits/depth-limit.js';
import { aggregateWeights } from './limits/limits-config.js';
import { SignedDataSource } from './signed-data-source.js';

/** One organization-wide patient record: the subgraphs composed behind sign-in, limits and the audit. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const development = config.AUTH_MODE === 'dev';
    return {
      module: GatewayModule,
      controllers: [AuthController, AuditController],
      imports: [
        GatewayInternalsModule.with(config),
        GraphQLModule.forRootAsync<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          inject: [TokenService, AuditLog, LOGGER],
          useFactory: (tokens: TokenService, audit: AuditLog, logger: Logger) => ({
            server: {
              path: '/graphql',
              // Integrators learn the schema in development; production serves no introspection.
              introspection: development,
              includeStacktraceInErrorResponses: false,
              // No "Did you mean" hints outside development: they spell the schema out to a stranger.
              hideSchemaDetailsFromClientErrors: !development,
              formatError: clientErrors({ mask: !development, log: (details) => logger.error(details, 'an error was masked for the client') }),
              parseOptions: { maxTokens: config.MAX_QUERY_TOKENS },
              validationRules: [
                depthLimit(config.MAX_QUERY_DEPTH),
                aliasLimit(config.MAX_QUERY_ALIASES),
                costLimit({ maxCost: config.MAX_QUERY_COST, assumedListSize: config.ASSUMED_LIST_SIZE, maxPageSize: pageSizes.max, weights: aggregateWeights }),
              ],
              plugins: [auditPlugin(audit)],
              context: async (request: FastifyRequest): Promise<GatewayContext> => {
                const clientAddress = request.ip ?? null;
                try {
                  return { identity: await tokens.verify(request.headers.authorization), clientAddress };
                } catch (error) {
                  if (!(error instanceof AuthenticationError)) throw error;
                  await audit.record({ actorId: null, actorRole: null, operationType: null, operationName: null, fields: [], patientIds: [], outcome: 'refused', detail: error.message, clientAddress });
                  throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
                }
              },
            },
            gateway: {
              supergraphSdl: new IntrospectAndCompose({ subgraphs: config.SUBGRAPHS, pollIntervalInMs: 10_000 }),
              buildService: ({ name, url }: { name: string; url?: string }) => new SignedDataSource({ name, url: url! }, config.GATEWAY_SHARED_SECRET!),
            },
          }),
        }),
      ],
    };
  }
}

/** One token service (one key pair) and one audit log for the controllers and the GraphQL server alike. */
@Global()
@Module({})
class GatewayInternalsModule {
  static with(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayInternalsModule,
      providers: [
        { provide: TokenService, inject: [LOGGER], useFactory: (logger: Logger) => TokenService.create(config, logger) },
        {
          provide: AuditLog,
          inject: [PG_POOL],
          useFactory: async (pool: Pool) => {
            // As ehr_gateway (ADR 0027) it may only read and append: the owner's Job migrated first.
            await migrateOrVerifyAuditSchema(pool, join(import.meta.dirname, '..', 'migrations'));
            return new AuditLog(pool);
          },
        },
      ],
      exports: [TokenService, AuditLog],
    };
  }
}
