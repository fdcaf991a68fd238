import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST, Kind, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { AuditLog } from './audit-log.js';
import { patientIdsNamedBy } from './patient-ids.js';
import { purposeOfUse } from './purpose.js';
import { type Instrumented, ReturnedPatients } from './returned-patients.js';

const rootFields = (operation: OperationDefinitionNode | undefined): string[] =>
  operation?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];

/** Refusals: by sign-in, by role, or by the gateway's limits before anything ran. */
const refusalCodes = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT']);

/**
 * Writes one audit entry per operation after it ran: who, why, which fields, which patients,
 * how it ended. The patients are read from what the answer returned (see ReturnedPatients),
 * plus those the arguments name, so a refused attempt on a patient is on that patient's record
 * too. If the entry cannot be written the response is withheld: no unaudited access.
 */
export function auditPlugin(audit: AuditLog, returned = new ReturnedPatients()): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let instrumented: Instrumented | null = null;
      return {
        async didResolveOperation(requestContext) {
          const { schema, document, queryHash, operationName, contextValue } = requestContext;
          instrumented = returned.instrument(schema, document, `${queryHash}:${operationName ?? ''}`, contextValue.identity);
          // The gateway plans and runs the instrumented document; the answer is cleaned before it is sent.
          (requestContext as { document: typeof document }).document = instrumented.document;
        },
        async willSendResponse({ contextValue, document, request, response, ...resolved }) {
          // A request the limits refused never resolved its operation; it is read from the document.
          const operation = resolved.operation ?? (document ? getOperationAST(document, request.operationName) : null) ?? undefined;
          const body = response.body.kind === 'single' ? response.body.singleResult : null;
          const errors = body?.errors ?? [];
          const returnedIds = returned.collect(body?.data);
          const fields = instrumented ? [...instrumented.rootFields] : rootFields(operation);
          if (operation && fields.every((f) => f.startsWith('_'))) return; // only __typename or the gateway's own schema checks
          const refused = errors.some((e) => refusalCodes.has(String(e.extensions?.code)));
          const patientIds = [...new Set([...returnedIds, ...patientIdsNamedBy(operation, request.variables)])];
          const underGrant = await audit.emergency.patientsUnderGrant(contextValue.identity.sub, patientIds, new Date());
          await audit.record({
            actorId: contextValue.identity.sub,
            actorRole: contextValue.identity.role,
            operationType: operation?.operation ?? null,
            operationName: operation?.name?.value ?? null,
            fields,
            patientIds,
            outcome: refused ? 'refused' : errors.length > 0 && !body?.data ? 'failed' : 'ok',
            detail: errors.length > 0 ? errors.map((e) => e.message).join('; ').slice(0, 1000) : null,
            clientAddress: contextValue.clientAddress,
            purpose: purposeOfUse(contextValue.identity.role, request.http?.headers.get('x-purpose-of-use'), underGrant.length > 0),
            emergencyAccess: underGrant.length > 0,
            dataFields: [...(instrumented?.coordinates ?? [])],
          });
        },
      };
    },
  };
}
