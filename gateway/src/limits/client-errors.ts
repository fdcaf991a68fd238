import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';

/** Errors whose message is written for the caller: refusals, bad input, the limits. */
const forTheCaller = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * What an error may tell the client. Never a stack trace or the original exception; outside
 * development, an error not written for the caller (a crash, a subgraph's SQL or Prisma text, a
 * file path) becomes one sentence and a reference, and the details go to the log under it.
 */
export function clientErrors(options: { mask: boolean; log: (details: Record<string, unknown>) => void }) {
  return (formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    if (!options.mask || forTheCaller.has(code)) return { ...formatted, extensions };
    const correlationId = randomUUID();
    options.log({ correlationId, code, message: formatted.message, path: formatted.path, error: original instanceof Error ? { message: original.message, stack: original.stack } : original });
    return { message: `Something went wrong on our side; give this reference to support: ${correlationId}`, ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId } };
  };
}
