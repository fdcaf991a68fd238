import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { DynamicModule, Type } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';

/**
 * A service's GraphQL federation subgraph at /graphql. Integrators learn the API from the
 * schema through the gateway; the subgraph itself answers introspection only outside
 * production. Traces go through OpenTelemetry, not Apollo's inline tracing.
 */
export function federatedSubgraph(options: { orphanedTypes?: Array<Type<unknown>> } = {}): DynamicModule {
  return GraphQLModule.forRoot<ApolloFederationDriverConfig>({
    driver: ApolloFederationDriver,
    autoSchemaFile: { federation: 2 },
    path: '/graphql',
    introspection: process.env.NODE_ENV !== 'production',
    context: (request: FastifyRequest) => ({ req: request }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    // Entities of other subgraphs extended here but returned by no query of this one.
    ...(options.orphanedTypes ? { buildSchemaOptions: { orphanedTypes: options.orphanedTypes } } : {}),
  });
}
