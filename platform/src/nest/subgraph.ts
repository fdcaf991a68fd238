import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { DynamicModule, Type } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { BaseConfig } from '../config/config.js';
import { enforceAccessPolicy, subgraphAuthentication, subgraphContext } from './access-policy.js';
import type { RequestWithIdentity } from './request-identity.js';
import { CONFIG } from './tokens.js';

/**
 * A service's GraphQL federation subgraph at /graphql. It answers nothing without the gateway's
 * signed identity for this service (its SERVICE_NAME), serves its schema only to the gateway's
 * service credential, and enforces the access policy on every field. Integrators learn the API
 * from the schema through the gateway; the subgraph itself answers introspection only outside
 * production. Traces go through OpenTelemetry, not Apollo's inline tracing.
 */
export function federatedSubgraph(options: { orphanedTypes?: Array<Type<unknown>> } = {}): DynamicModule {
  return GraphQLModule.forRootAsync<ApolloFederationDriverConfig>({
    driver: ApolloFederationDriver,
    inject: [CONFIG],
    useFactory: (config: BaseConfig) => ({
      autoSchemaFile: { federation: 2 },
      path: '/graphql',
      introspection: process.env.NODE_ENV !== 'production',
      hideSchemaDetailsFromClientErrors: process.env.NODE_ENV === 'production',
      context: (request: RequestWithIdentity) => subgraphContext(request, config.GATEWAY_SHARED_SECRET, config.SERVICE_NAME),
      plugins: [ApolloServerPluginInlineTraceDisabled(), subgraphAuthentication],
      transformSchema: enforceAccessPolicy,
      // Entities of other subgraphs extended here but returned by no query of this one.
      ...(options.orphanedTypes ? { buildSchemaOptions: { orphanedTypes: options.orphanedTypes } } : {}),
    }),
  });
}
