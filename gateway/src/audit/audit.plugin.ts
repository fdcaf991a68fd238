import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { AuditLog } from './audit-log.js';
import { patientIdsIn } from './patient-ids.js';

const rootFields = (operation: OperationDefinitionNode | undefined): string[] =>
  operation?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];

/**
 * Writes one audit entry per operation after it ran: who, which fields, which patients, how
 * it ended. A refusal by a subgraph (FORBIDDEN) is recorded as refused. If the entry cannot be
 * written the response is withheld: no unaudited access to patient data.
 */
export function auditPlugin(audit: AuditLog): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, operationName, request, response }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : null;
          const errors = body?.errors ?? [];
          const refused = errors.some((e) => ['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(e.extensions?.code)));
          const fields = rootFields(operation);
          if (fields.every((f) => f.startsWith('_'))) return; // the gateway's own schema checks
          await audit.record({
            actorId: contextValue.identity.sub,
            actorRole: contextValue.identity.role,
            operationType: operation?.operation ?? null,
            operationName: operationName ?? null,
            fields,
            patientIds: patientIdsIn(operation, request.variables, body?.data),
            outcome: refused ? 'refused' : errors.length > 0 && !body?.data ? 'failed' : 'ok',
            detail: errors.length > 0 ? errors.map((e) => e.message).join('; ').slice(0, 1000) : null,
            clientAddress: contextValue.clientAddress,
          });
        },
      };
    },
  };
}
